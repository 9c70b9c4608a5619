"""Hand-written scripts with custom ``layers.Layer`` subclasses used inside Sequential and
functional models (issue 9 item 3): correct ones (no false alarm, shapes and parameters known),
errors inside the custom ``call``, and calls layerlint cannot follow (an LL903 note)."""

HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n\n"

BLOCK = '''class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(units, activation="relu")
        self.outer = layers.Dense(units)

    def call(self, x):
        y = self.outer(self.inner(x))
        return x + y

'''

CUSTOM_SCRIPTS = {
    "sequential_block_ok": HEAD + BLOCK + '''model = keras.Sequential([keras.Input((8,)), layers.Dense(4), Block(4), layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(10, 8), np.random.rand(10, 2), verbose=0)
''',
    "sequential_block_mismatch": HEAD + BLOCK + '''model = keras.Sequential([keras.Input((8,)), Block(4)])
''',
    "sequential_by_data_fit_error": HEAD + '''class Recurrent(layers.Layer):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(4)

    def call(self, inputs, training=None):
        return self.lstm(inputs)

model = keras.Sequential([Recurrent(), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(6, 8), np.random.rand(6, 1), verbose=0)
''',
    "functional_block_error": HEAD + BLOCK + '''inputs = keras.Input((8,))
h = layers.Dense(4)(inputs)
h = Block(4)(h)
outputs = Block(3)(h)
model = keras.Model(inputs, outputs)
''',
    "functional_blocks_ok": HEAD + BLOCK + '''inputs = keras.Input((6, 8))
h = Block(8)(inputs)
h = layers.GlobalAveragePooling1D()(h)
outputs = layers.Dense(3, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(12, 6, 8), np.random.randint(0, 3, size=(12,)), verbose=0)
''',
    "nested_custom_layers_ok": HEAD + BLOCK + '''class Tower(layers.Layer):
    def __init__(self):
        super().__init__()
        self.blocks = [Block(16), Block(16)]
        self.norm = layers.LayerNormalization()

    def call(self, x, training=False):
        for block in self.blocks:
            x = block(x)
        return self.norm(x)

model = keras.Sequential([keras.Input((10,)), layers.Dense(16), Tower(), layers.Dense(1)])
model.predict(np.random.rand(4, 10), verbose=0)
''',
    "custom_layer_runtime_loop": HEAD + '''class Repeat(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(8)

    def call(self, x):
        for _ in range(keras.ops.shape(x)[0]):
            x = self.dense(x)
        return x

model = keras.Sequential([keras.Input((8,)), Repeat(), layers.Dense(2)])
''',
    # build(input_shape) with add_weight: the weights are the layer's parameters (36); its
    # call uses keras.ops.matmul, not followed: the output is unknown, an LL903 note there.
    "build_add_weight_ops": HEAD + '''class Linear(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b

model = keras.Sequential([keras.Input((8,)), Linear(4), layers.Dense(2)])
model.predict(np.random.rand(3, 8), verbose=0)
''',
    "build_add_weight_mismatch": HEAD + '''class Scale(layers.Layer):
    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.beta = self.add_weight(shape=(4,), initializer="zeros", trainable=False)

    def call(self, x):
        return x * self.gamma + self.beta

inputs = keras.Input((6,))
outputs = Scale()(inputs)
model = keras.Model(inputs, outputs)
''',
    "build_add_weight_ok": HEAD + '''class Scale(layers.Layer):
    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.beta = self.add_weight(shape=(input_shape[-1],), initializer="zeros",
                                    trainable=False)

    def call(self, x):
        return x * self.gamma + self.beta

model = keras.Sequential([keras.Input((5, 6)), Scale(), layers.LSTM(3), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(8, 5, 6), np.random.rand(8, 1), verbose=0)
''',
    "build_creates_layers": HEAD + '''class Project(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.dense = layers.Dense(self.units)

    def call(self, x):
        return self.dense(x)

model = keras.Sequential([keras.Input((6,)), Project(3), layers.Dense(2)])
''',
}

# Scripts whose custom call() is not followed: (line of the LL903 note, words in it).
CUSTOM_UNFOLLOWED = {
    "custom_layer_runtime_loop": (11, "a loop over run-time values"),
}

# Subclassed models whose call() takes a list or dict of inputs, unpacks return_state, or
# uses a Sequential made in __init__ (compared with compare.py, messages exactly in Keras 3).
CALL_SCRIPTS = {
    "list_inputs_error": HEAD + '''class Two(keras.Model):
    def __init__(self):
        super().__init__()
        self.da = layers.Dense(4)
        self.db = layers.Dense(5)
        self.head = layers.Dense(1)

    def call(self, inputs):
        a, b = inputs
        return self.head(self.da(a) + self.db(b))

model = Two()
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(6, 3), np.random.rand(6, 2)], np.random.rand(6, 1), verbose=0)
''',
    "dict_inputs_return_state_ok": HEAD + '''class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(4, return_state=True)
        self.head = layers.Dense(1)

    def call(self, inputs):
        x = inputs["seq"]
        out, h, c = self.lstm(x)
        return self.head(out + h + c)

model = Tagger()
model.predict({"seq": np.random.rand(6, 7, 3)}, verbose=0)
''',
    "dict_inputs_lstm_error": HEAD + '''class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(4, return_state=True)
        self.head = layers.Dense(1)

    def call(self, inputs):
        out, h, c = self.lstm(inputs["seq"])
        return self.head(out)

model = Tagger()
model.predict({"seq": np.random.rand(6, 3)}, verbose=0)
''',
    "sequential_inside_call_error": HEAD + '''class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = keras.Sequential([layers.Dense(8, activation="relu"), layers.LSTM(4)])
        self.head = layers.Dense(1)

    def call(self, x):
        h = self.encoder(x)
        return self.head(h)

model = Net()
model.predict(np.random.rand(6, 3), verbose=0)
''',
    "sequential_inside_call_ok": HEAD + '''class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.encoder(x))

model = Net()
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(6, 3), np.random.rand(6, 1), verbose=0)
''',
    "functional_inside_call": HEAD + '''inputs = keras.Input((3,))
encoder = keras.Model(inputs, layers.Dense(4)(inputs))

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = encoder
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.encoder(x))

model = Net()
model.predict(np.random.rand(6, 3), verbose=0)
''',
}
