"""Stacks where a mask meets layers with and without masking support (shared by the Keras 3
and tf.keras 2 mask tests)."""

from __future__ import annotations

HEAD = "import numpy as np\nimport keras\nL = keras.layers\n"
TOKENS = "x = np.array([[1, 2, 0, 0], [3, 4, 5, 0]])\n"
VECTORS = "x = np.random.rand(2, 4, 3)\n"
TAIL = "m.compile(optimizer='adam', loss='mse')\nm.fit(x, np.zeros((2, 1)), verbose=0)\n"
EMB = "L.Embedding(10, 3, mask_zero=True)"

STACKS = {
    "flatten": (TOKENS, f"keras.Input((4,)), {EMB}, L.Flatten(), L.Dense(1)"),
    "no_input_flatten": (TOKENS, f"{EMB}, L.Flatten(), L.Dense(1)"),
    "conv1d": (TOKENS, (f"keras.Input((4,)), {EMB}, L.Conv1D(2, 2), L.GlobalMaxPooling1D(), "
                       "L.Dense(1)")),
    "global_max": (TOKENS, f"keras.Input((4,)), {EMB}, L.GlobalMaxPooling1D(), L.Dense(1)"),
    "through_dense_dropout": (TOKENS, (f"keras.Input((4,)), {EMB}, L.Dense(3), L.Dropout(0.1), "
                                      "L.Flatten(), L.Dense(1)")),
    "rnn_sequences": (TOKENS, (f"keras.Input((4,)), {EMB}, L.LSTM(3, return_sequences=True), "
                              "L.Flatten(), L.Dense(1)")),
    "masking": (VECTORS, ("keras.Input((4, 3)), L.Masking(), L.Conv1D(2, 2), L.Flatten(), "
                         "L.Dense(1)")),
    # the mask is consumed: clean
    "rnn_last_step": (TOKENS, f"keras.Input((4,)), {EMB}, L.LSTM(3), L.Dense(1)"),
    "global_average": (TOKENS, (f"keras.Input((4,)), {EMB}, L.GlobalAveragePooling1D(), "
                               "L.Dense(1)")),
    "bidirectional": (TOKENS, (f"keras.Input((4,)), {EMB}, L.Bidirectional(L.GRU(2)), "
                              "L.Dense(1)")),
    # no mask at all: clean
    "no_mask_zero": (TOKENS, "keras.Input((4,)), L.Embedding(10, 3), L.Flatten(), L.Dense(1)"),
}


def source_of(name: str) -> str:
    data, layers = STACKS[name]
    return f"{HEAD}{data}m = keras.Sequential([{layers}])\n{TAIL}"
