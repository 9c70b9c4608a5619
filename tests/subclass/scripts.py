"""Hand-written scripts with subclassed Keras models: every construct layerlint follows, the
issue's example, tutorial-style correct models (no false alarm) and calls it cannot follow."""

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"

SCRIPTS = {
    # issue 9: the time axis is pooled away, then an LSTM: Keras raises at fit.
    "issue_pool_then_lstm": HEAD + '''
class SequenceClassifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.pool = layers.GlobalAveragePooling1D()
        self.lstm = layers.LSTM(16)
        self.head = layers.Dense(3, activation="softmax")

    def call(self, inputs):
        x = self.pool(inputs)
        x = self.lstm(x)
        return self.head(x)

model = SequenceClassifier()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = np.random.rand(64, 20, 8)
y = np.random.randint(0, 3, size=(64,))
model.fit(x, y, epochs=1, verbose=0)
''',
    "lstm_classifier_ok": HEAD + '''
class LSTMClassifier(keras.Model):
    def __init__(self, vocab, units=32, classes=4):
        super().__init__()
        self.embed = layers.Embedding(vocab, 16)
        self.lstm = layers.LSTM(units)
        self.drop = layers.Dropout(0.2)
        self.out = layers.Dense(classes, activation="softmax")

    def call(self, inputs, training=False):
        x = self.embed(inputs)
        x = self.lstm(x)
        if training:
            x = self.drop(x)
        return self.out(x)

model = LSTMClassifier(1000)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = np.random.randint(0, 1000, size=(40, 12))
y = np.random.randint(0, 4, size=(40,))
model.fit(x, y, epochs=1, batch_size=8, verbose=0)
model.predict(x, verbose=0)
''',
    "residual_block_layer_ok": HEAD + '''
class ResidualBlock(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense1 = layers.Dense(units, activation="relu")
        self.dense2 = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        y = self.dense1(x)
        y = self.dense2(y)
        return self.norm(x + y)

class ResNet(keras.Model):
    def __init__(self, units=32, depth=3):
        super().__init__(name="resnet")
        self.stem = layers.Dense(units)
        self.blocks = [ResidualBlock(units) for _ in range(depth)]
        self.head = layers.Dense(1)

    def call(self, inputs):
        x = self.stem(inputs)
        for block in self.blocks:
            x = block(x)
        return self.head(x)

model = ResNet()
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(50, 10), np.random.rand(50, 1), epochs=1, verbose=0)
''',
    "encoder_decoder_ok": HEAD + '''
class Encoder(layers.Layer):
    def __init__(self, latent):
        super().__init__()
        self.hidden = layers.Dense(64, activation="relu")
        self.code = layers.Dense(latent)

    def call(self, x):
        return self.code(self.hidden(x))

class Decoder(layers.Layer):
    def __init__(self, features):
        super().__init__()
        self.hidden = layers.Dense(64, activation="relu")
        self.out = layers.Dense(features, activation="sigmoid")

    def call(self, z):
        return self.out(self.hidden(z))

class AutoEncoder(keras.Model):
    def __init__(self, features, latent=8):
        super().__init__()
        self.encoder = Encoder(latent)
        self.decoder = Decoder(features)

    def call(self, inputs):
        return self.decoder(self.encoder(inputs))

auto = AutoEncoder(784)
auto.compile(optimizer="adam", loss="binary_crossentropy")
data = np.random.rand(32, 784)
auto.fit(data, data, epochs=1, verbose=0)
''',
    "custom_build_add_weight_ok": HEAD + '''
class Linear(layers.Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b

class MLP(keras.Model):
    def __init__(self):
        super().__init__()
        self.linear_1 = Linear(32)
        self.linear_2 = Linear(1)

    def call(self, inputs):
        x = self.linear_1(inputs)
        x = keras.activations.relu(x)
        return self.linear_2(x)

mlp = MLP()
mlp.compile(optimizer="adam", loss="mse")
mlp.fit(np.random.rand(20, 5), np.random.rand(20, 1), epochs=1, verbose=0)
''',
    "loop_over_blocks_error": HEAD + '''
class Stack(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = [layers.Dense(16), layers.Dense(8), layers.GRU(4)]

    def call(self, inputs):
        x = inputs
        for layer in self.blocks:
            x = layer(x)
        return x

model = Stack()
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((12, 6)), np.zeros((12, 4)), verbose=0)
''',
    "helper_method_error_at_predict": HEAD + '''
class Conv(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv1 = layers.Conv1D(8, 3)
        self.conv2 = layers.Conv1D(8, 5)
        self.flat = layers.Flatten()
        self.out = layers.Dense(2)

    def _features(self, x):
        x = self.conv1(x)
        return self.conv2(x)

    def call(self, inputs):
        x = self._features(inputs)
        return self.out(self.flat(x))

model = Conv()
model.predict(np.zeros((4, 6, 3)), verbose=0)
''',
    "model_call_error": HEAD + '''
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)
        self.pool = layers.MaxPooling2D(2)

    def call(self, inputs):
        return self.pool(self.dense(inputs))

net = Net()
out = net(np.zeros((2, 5), dtype="float32"))
''',
    "build_then_fit_error": HEAD + '''
class Head(keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = layers.Flatten()
        self.rnn = layers.SimpleRNN(4)

    def call(self, inputs):
        return self.rnn(self.flatten(inputs))

head = Head()
head.build((None, 10, 3))
head.compile(optimizer="sgd", loss="mse")
head.fit(np.zeros((8, 10, 3)), np.zeros((8, 4)), verbose=0)
''',
    "training_branch_ok_then_targets_error": HEAD + '''
class Tagger(keras.Model):
    def __init__(self, classes):
        super().__init__()
        self.hidden = layers.Dense(32, activation="relu")
        self.drop = layers.Dropout(0.5)
        self.out = layers.Dense(classes, activation="softmax")

    def call(self, x, training=None):
        h = self.hidden(x)
        h = self.drop(h, training=training) if training else h
        return self.out(h)

tagger = Tagger(3)
tagger.compile(optimizer="adam", loss="categorical_crossentropy")
tagger.fit(np.random.rand(30, 7), np.random.rand(30, 5), verbose=0)
''',
    "residual_mismatch": HEAD + '''
class Res(keras.Model):
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(16)

    def call(self, inputs):
        return inputs + self.proj(inputs)

res = Res()
res.compile(optimizer="adam", loss="mse")
res.fit(np.zeros((10, 8)), np.zeros((10, 16)), verbose=0)
''',
    "nested_layer_error": HEAD + '''
class Block(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(8)
        self.rnn = layers.LSTM(3)

    def call(self, x):
        return self.rnn(self.dense(x))

class Outer(keras.Model):
    def __init__(self):
        super(Outer, self).__init__(name="outer_model")
        self.block = Block()

    def call(self, inputs):
        return self.block(inputs)

outer = Outer()
outer.compile(loss="mse")
outer.fit(np.zeros((6, 5)), np.zeros((6, 3)), verbose=0)
''',
    "inherited_call_ok": HEAD + '''
class Base(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

class Wider(Base):
    def __init__(self):
        super().__init__(64)

wide = Wider()
wide.compile(optimizer="adam", loss="mse")
wide.fit(np.zeros((9, 3)), np.zeros((9, 1)), verbose=0)
wide.evaluate(np.zeros((9, 3)), np.zeros((9, 1)), verbose=0)
''',
    "merge_layers_concat_ok": HEAD + '''
class TwoTower(keras.Model):
    def __init__(self):
        super().__init__()
        self.left = layers.Dense(8, activation="relu")
        self.right = layers.Dense(4, activation="relu")
        self.concat = layers.Concatenate()
        self.out = layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        merged = self.concat([self.left(inputs), self.right(inputs)])
        return self.out(merged)

tower = TwoTower()
tower.compile(optimizer="adam", loss="binary_crossentropy")
tower.fit(np.random.rand(16, 6), np.random.randint(0, 2, size=(16, 1)), verbose=0)
''',
    # Not followed: a loop over a run-time value (an LL903 note, no error).
    "loop_over_runtime_values": HEAD + '''
class Steps(keras.Model):
    def __init__(self):
        super().__init__()
        self.cell = layers.Dense(4)

    def call(self, inputs):
        outputs = []
        for t in range(inputs.shape[1]):
            outputs.append(self.cell(inputs[:, t]))
        return keras.ops.stack(outputs, axis=1)

steps = Steps()
steps.compile(loss="mse")
steps.fit(np.zeros((4, 3, 2)), np.zeros((4, 3, 4)), verbose=0)
''',
    "data_dependent_branch": HEAD + '''
class Gate(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(2)
        self.b = layers.Dense(2)

    def call(self, inputs):
        if keras.ops.mean(inputs) > 0:
            return self.a(inputs)
        return self.b(inputs)

gate = Gate()
gate.compile(loss="mse")
gate.fit(np.ones((4, 3)), np.zeros((4, 2)), verbose=0)
''',
}

# Scripts layerlint does not follow, with the line of the LL903 note and words of its reason.
UNFOLLOWED = {
    "loop_over_runtime_values": (13, "a loop over run-time values"),
    "data_dependent_branch": (13, "a data-dependent branch"),
}
