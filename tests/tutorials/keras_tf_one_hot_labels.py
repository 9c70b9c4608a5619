"""Fashion-MNIST with tf.one_hot targets and categorical crossentropy, tensors from
tf.expand_dims / tf.cast."""
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = tf.cast(tf.expand_dims(x_train, -1), tf.float32) / 255.0
y_train = tf.one_hot(y_train, depth=10)

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=1)
