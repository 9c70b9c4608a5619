# expect: clean
import keras
from keras import layers


def residual_block(x, filters, stride=1, project=False):
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    if stride != 1 or project:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False)(shortcut)
        shortcut = layers.BatchNormalization()(shortcut)
    y = layers.Add()([y, shortcut])
    return layers.Activation("relu")(y)


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
x = residual_block(x, 16)
x = residual_block(x, 32, stride=2)
x = residual_block(x, 48, project=True)
x = residual_block(x, 64, stride=2, project=True)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="resnet")
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
