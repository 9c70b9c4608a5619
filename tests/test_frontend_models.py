"""Models and their events, as the front end extracts them from scripts written as users do."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from layerlint.frontends import load_file, parse_source
from layerlint.ir import (
    UNKNOWN,
    Add,
    ArrayValue,
    Build,
    Call,
    Compile,
    Construct,
    DataCall,
    Opaque,
    Pop,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def models(source: str):
    ir = parse_source(textwrap.dedent(source))
    assert not ir.problems, ir.problems
    return ir.models


def only_model(source: str):
    (model,) = models(source)
    return model


def kinds(events) -> list[str]:
    return [type(e).__name__ for e in events]


def layer_kinds(layers) -> list[str]:
    return [layer.kind if isinstance(layer, Call) else "UNKNOWN" for layer in layers]


# --- the seed's examples ---------------------------------------------------------------------


def test_seed_1_input_shape() -> None:
    (model,) = load_file(str(EXAMPLES / "seed_1_input_shape.py")).models
    assert (model.name, model.framework, model.dialect, model.span.line) == (
        "model", "keras", "keras3", 5,
    )  # fmt: skip
    construct, compile_, fit = model.events
    assert layer_kinds(construct.layers) == ["LSTM", "Dense"]
    lstm = construct.layers[0]
    assert lstm.args == (64,) and lstm.kwargs == {"input_shape": (None, 10)}
    assert compile_.loss == "mse" and compile_.kwargs == {"optimizer": "adam"}
    assert fit.method == "fit" and fit.span.line == 12
    assert (fit.x.shape, fit.x.name, fit.x.origin.line) == ((100, 10), "data", 10)
    assert fit.y.shape == (100, 1)


def test_seed_2_layer_stack() -> None:
    (model,) = load_file(str(EXAMPLES / "seed_2_layer_stack.py")).models
    construct, _compile, fit = model.events
    assert layer_kinds(construct.layers) == ["LSTM", "Flatten", "LSTM"]
    assert construct.layers[0].kwargs == {"return_sequences": True, "input_shape": (10, 5)}
    assert [layer.span.line for layer in construct.layers] == [5, 6, 7]
    assert construct.list_span.line == 4 and construct.list_span.end_line == 8
    assert fit.x.shape == (100, 10, 5) and fit.y.shape == (100, 1)


def test_seed_3_padded_sequences() -> None:
    ir = load_file(str(EXAMPLES / "seed_3_padded_sequences.py"))
    (model,) = ir.models
    construct, _compile, fit = model.events
    assert layer_kinds(construct.layers) == ["Embedding", "LSTM", "Dense"]
    assert construct.layers[0].args == (10, 5)
    assert construct.layers[0].kwargs == {"input_length": 4}
    # pad_sequences of three literal sequences: (3, 4) int32 token ids 0..9.
    assert (fit.x.shape, fit.x.dtype, fit.x.min_value, fit.x.max_value) == ((3, 4), "int32", 0, 9)
    assert fit.y.shape == (3, 1)  # np.random.rand(len(sequences), 1)
    assert "tensorflow.keras" in ir.dialect_hints


# --- construction -----------------------------------------------------------------------------


def test_list_form_with_input_first() -> None:
    model = only_model(
        """
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ], name="cnn")
        """
    )
    (construct,) = model.events
    assert layer_kinds(construct.layers) == ["Input", "Conv2D", "Flatten", "Dense"]
    assert construct.layers[0].qualname == "keras.Input"
    assert construct.layers[0].kwargs == {"shape": (28, 28, 1)}
    assert construct.kwargs == {"name": "cnn"}


def test_add_form_with_input_layer() -> None:
    model = only_model(
        """
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import InputLayer, LSTM, Dense
        model = Sequential()
        model.add(InputLayer(input_shape=(None, 8)))
        model.add(LSTM(16, return_sequences=True))
        model.add(LSTM(8))
        model.add(Dense(1))
        model.pop()
        model.build((None, 5, 8))
        """
    )
    assert kinds(model.events) == ["Construct", "Add", "Add", "Add", "Add", "Pop", "Build"]
    assert model.events[0].layers == []
    assert [e.layer.kind for e in model.events[1:5]] == ["InputLayer", "LSTM", "LSTM", "Dense"]
    assert model.events[-1].input_shape == (None, 5, 8)


def test_layer_variables_resolve_to_the_same_call() -> None:
    model = only_model(
        """
        from keras.layers import LSTM, Dense
        from keras.models import Sequential
        lstm = LSTM(64)
        head = Dense(1)
        model = Sequential([lstm])
        model.add(head)
        model.add(lstm)
        """
    )
    construct, add_head, add_again = model.events
    assert construct.layers[0] is add_again.layer
    assert add_head.layer.kind == "Dense" and add_head.layer.span.line == 5
    assert construct.list_span is not None


def test_layers_list_in_a_variable_and_built_by_append() -> None:
    model = only_model(
        """
        import keras
        stack = [keras.layers.Dense(64)]
        stack.append(keras.layers.Dense(32))
        stack += [keras.layers.Dense(1)]
        model = keras.Sequential(stack)
        """
    )
    (construct,) = model.events
    assert [layer.args for layer in construct.layers] == [(64,), (32,), (1,)]
    assert construct.list_span is None


def test_layers_from_a_comprehension_over_known_values() -> None:
    model = only_model(
        """
        import keras
        units = [64, 32, 16]
        model = keras.Sequential([keras.layers.Dense(u, activation="relu") for u in units])
        """
    )
    assert [layer.args for layer in model.events[0].layers] == [(64,), (32,), (16,)]


def test_unknown_layer_list_is_opaque() -> None:
    model = only_model(
        """
        import keras
        model = keras.Sequential(make_layers())
        model.fit(x, y)
        """
    )
    assert kinds(model.events) == ["Construct", "Opaque", "DataCall"]
    assert model.events[0].layers == []


def test_custom_and_unknown_layers_keep_their_names() -> None:
    model = only_model(
        """
        import keras
        from mylib.layers import Attention
        class MyLayer(keras.layers.Layer):
            def call(self, x):
                return x
        block = get_block()
        model = keras.Sequential([
            keras.layers.Dense(8), MyLayer(4), Attention(), block, keras.layers.Lambda(lambda t: t)
        ])
        """
    )
    layers = model.events[0].layers
    assert [getattr(la, "qualname", UNKNOWN) for la in layers] == [
        "keras.layers.Dense", "<local>.MyLayer", "mylib.layers.Attention", UNKNOWN,
        "keras.layers.Lambda",
    ]  # fmt: skip
    assert layers[1].kind == "MyLayer" and layers[1].args == (4,)


def test_wrappers_hold_nested_calls() -> None:
    model = only_model(
        """
        from keras import layers, Sequential
        model = Sequential([layers.Bidirectional(layers.LSTM(8), merge_mode="sum"),
                            layers.TimeDistributed(layers.Dense(2))])
        """
    )
    bidirectional = model.events[0].layers[0]
    assert bidirectional.args[0].kind == "LSTM" and bidirectional.kwargs == {"merge_mode": "sum"}


# --- compile and data ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, loss",
    [
        ("model.compile(loss='categorical_crossentropy', optimizer='adam')", "categorical_crossentropy"),
        ("model.compile('adam', 'mse')", "mse"),
        ("model.compile(optimizer='sgd', loss=keras.losses.sparse_categorical_crossentropy)",
         "sparse_categorical_crossentropy"),
        ("model.compile(optimizer='sgd')", None),
        ("model.compile(loss=my_loss)", UNKNOWN),
    ],
)  # fmt: skip
def test_compile_losses(call: str, loss) -> None:
    model = only_model(f"import keras\nmodel = keras.Sequential()\n{call}\n")
    event = model.events[-1]
    assert isinstance(event, Compile)
    assert event.loss == loss


def test_compile_with_a_loss_object() -> None:
    model = only_model(
        """
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
                      loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        """
    )
    event = model.events[-1]
    assert event.loss.qualname == "keras.losses.CategoricalCrossentropy"
    assert event.loss.kwargs == {"from_logits": True}
    assert event.loss_span.line == 5
    assert event.kwargs["optimizer"].kind == "Adam"


def test_every_data_method() -> None:
    model = only_model(
        """
        import numpy as np, keras
        x = np.zeros((4, 3)); y = np.zeros((4, 1))
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, y, 32, 5)
        model.evaluate(x, y, verbose=0)
        model.predict(x)
        model.train_on_batch(x, y)
        model.test_on_batch(x, y)
        model.predict_on_batch(x)
        model(x, training=False)
        model.fit(x)
        """
    )
    calls = model.events[1:]
    assert [c.method for c in calls] == [
        "fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch",
        "__call__", "fit",
    ]  # fmt: skip
    assert all(c.x.shape == (4, 3) for c in calls)
    assert [c.y.shape if c.y is not None else None for c in calls] == [
        (4, 1), (4, 1), None, (4, 1), (4, 1), None, None, None,
    ]  # fmt: skip
    assert calls[0].kwargs == {"batch_size": 32, "epochs": 5}
    assert calls[6].kwargs == {"training": False}


@pytest.mark.keras3
def test_data_signatures_match_keras() -> None:
    import inspect

    import keras

    from layerlint.frontends.keras_events import COMPILE_SIGNATURE, DATA_SIGNATURES

    for method, names in DATA_SIGNATURES.items():
        if method == "__call__":
            continue
        params = list(inspect.signature(getattr(keras.Sequential, method)).parameters)[1:]
        assert tuple(p for p in params if p != "kwargs") == names, method
    params = list(inspect.signature(keras.Sequential.compile).parameters)[1:]
    assert tuple(params) == COMPILE_SIGNATURE


def test_calls_that_do_not_change_the_model_are_ignored() -> None:
    model = only_model(
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.summary()
        print(model)
        print(model.count_params())
        keras.utils.plot_model(model)
        model.save("m.keras")
        """
    )
    assert kinds(model.events) == ["Construct"]


# --- control flow ----------------------------------------------------------------------------


def test_loop_over_known_values_is_unrolled() -> None:
    model = only_model(
        """
        from keras import Sequential, layers
        model = Sequential([layers.Input((10,))])
        for units in [64, 32]:
            model.add(layers.Dense(units, activation="relu"))
        for _ in range(2):
            model.add(layers.Dropout(0.1))
        model.add(layers.Dense(1))
        """
    )
    adds = [e.layer for e in model.events if isinstance(e, Add)]
    assert [(la.kind, la.args) for la in adds] == [
        ("Dense", (64,)), ("Dense", (32,)), ("Dropout", (0.1,)), ("Dropout", (0.1,)),
        ("Dense", (1,)),
    ]  # fmt: skip
    assert adds[2] is not adds[3]  # each iteration creates a new layer
    assert adds[2].span == adds[3].span and adds[2].order < adds[3].order


def test_creation_order_of_layer_objects() -> None:
    model = only_model(
        """
        from keras import Sequential, layers
        head = layers.Dense(1)
        model = Sequential([layers.Bidirectional(layers.LSTM(8)), head])
        """
    )
    wrapper, dense = model.events[0].layers
    inner = wrapper.args[0]
    assert dense.order < inner.order < wrapper.order  # as Python creates (and Keras names) them


@pytest.mark.parametrize(
    "body, reason",
    [
        ("for u in hidden_units:\n    model.add(keras.layers.Dense(u))", "inside a loop"),
        ("while len(model.layers) < 3:\n    model.add(keras.layers.Dense(4))", "inside a loop"),
        ("if use_dropout:\n    model.add(keras.layers.Dropout(0.5))", "under a condition"),
        ("for i in range(3):\n    if i:\n        break\n    model.add(keras.layers.Dense(4))",
         "after an early break"),
        ("try:\n    pass\nexcept ValueError:\n    model.fit(x, y)", "in an except handler"),
    ],
)  # fmt: skip
def test_changes_in_loops_and_branches_are_opaque(body: str, reason: str) -> None:
    model = only_model(f"import keras\nmodel = keras.Sequential()\n{body}\nmodel.fit(x, y)\n")
    opaque = [e for e in model.events if isinstance(e, Opaque)]
    assert opaque and reason in opaque[0].reason
    assert kinds(model.events)[-1] == "DataCall"


@pytest.mark.parametrize(
    "statement, reason",
    [
        ("train(model, x, y)", "passed to train()"),
        ("callbacks = [Checkpoint(model)]", "passed to Checkpoint()"),
        ("model.trainable = False", "model.trainable is assigned"),
        ("model.layers[0].trainable = False", "is assigned"),
        ("setattr(model, 'x', 1)", "passed to setattr()"),
        ("model.layers.pop()", "changes the model's layers"),
        ("f = lambda: model.fit(x, y)", "does not follow"),
    ],
)
def test_untracked_changes_are_opaque(statement: str, reason: str) -> None:
    model = only_model(
        f"import keras\nmodel = keras.Sequential([keras.layers.Dense(2)])\n{statement}\n"
    )
    assert isinstance(model.events[-1], Opaque)
    assert reason in model.events[-1].reason
    assert model.events[-1].span.line == 3


def test_condition_known_statically_is_followed() -> None:
    model = only_model(
        """
        import keras
        DEBUG = False
        model = keras.Sequential()
        if DEBUG:
            model.add(keras.layers.Dense(100))
        else:
            model.add(keras.layers.Dense(1))
        """
    )
    assert kinds(model.events) == ["Construct", "Add"]
    assert model.events[1].layer.args == (1,)


def test_model_built_inside_a_branch_is_followed_there() -> None:
    ir_models = models(
        """
        import keras
        if arch == "wide":
            model = keras.Sequential([keras.layers.Dense(512)])
            model.compile(loss="mse")
        else:
            model = keras.Sequential([keras.layers.Dense(8)])
        model.fit(x, y)
        """
    )
    assert [kinds(m.events) for m in ir_models] == [["Construct", "Compile"], ["Construct"]]


def test_events_after_a_conditional_return_are_opaque() -> None:
    model = only_model(
        """
        import keras
        def finish(model, fit_it):
            if not fit_it:
                return
            model.fit(x, y)
        model = keras.Sequential([keras.layers.Dense(1)])
        finish(model, flag)
        """
    )
    assert kinds(model.events) == ["Construct", "Opaque"]
    assert "after an early return" in model.events[1].reason


def test_raise_in_a_branch_does_not_make_the_rest_conditional() -> None:
    model = only_model(
        """
        import numpy as np, keras
        x = np.zeros((10, 3))
        if x.ndim != 2:
            raise ValueError("bad data")
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(x, x[:, :1])
        """
    )
    assert kinds(model.events) == ["Construct", "DataCall"]


def test_try_body_and_with_body_are_straight_line() -> None:
    model = only_model(
        """
        import tensorflow as tf
        strategy = tf.distribute.MirroredStrategy()
        with strategy.scope():
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.compile(loss="mse")
        try:
            model.fit(x, y)
        except KeyboardInterrupt:
            print("stopped")
        """
    )
    assert kinds(model.events) == ["Construct", "Compile", "DataCall"]


# --- names, aliases and functions ----------------------------------------------------------------


def test_alias_follows_the_same_model_and_rebinding_starts_a_new_one() -> None:
    first, second = models(
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(3)])
        m = model
        m.compile(loss="mse")
        model = keras.Sequential([keras.layers.Dense(4)])
        model.fit(x, y)
        """
    )
    assert kinds(first.events) == ["Construct", "Compile"]
    assert kinds(second.events) == ["Construct", "DataCall"]
    assert (first.name, second.name) == ("model", "model")


def test_model_returned_by_a_function_continues_at_module_level() -> None:
    model = only_model(
        """
        import numpy as np
        from tensorflow import keras
        def build_model(n_features=4):
            model = keras.Sequential()
            model.add(keras.layers.Dense(8, input_dim=n_features))
            model.compile(loss="mse", optimizer="adam")
            return model
        X = np.random.rand(30, 6)
        net = build_model(6)
        net.fit(X, X[:, :1])
        """
    )
    assert model.name == "model"
    assert kinds(model.events) == ["Construct", "Add", "Compile", "DataCall"]
    assert model.events[1].layer.kwargs == {"input_dim": 6}
    assert model.events[3].x.shape == (30, 6)


@pytest.mark.parametrize(
    "entry",
    ['if __name__ == "__main__":\n    main()', "main()", 'if __name__ == "__main__":\n    run()'],
)
def test_main_functions_are_followed(entry: str) -> None:
    model = only_model(
        textwrap.dedent(
            """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        def main():
            x = np.random.rand(10, 3)
            model = Sequential([Dense(1, input_shape=(3,))])
            model.compile(loss="mse")
            model.fit(x, np.random.rand(10, 1))
        def run():
            main()
        """
        )
        + entry
        + "\n"
    )
    assert kinds(model.events) == ["Construct", "Compile", "DataCall"]
    assert model.events[-1].x.shape == (10, 3)


def test_uncalled_function_is_read_with_unknown_parameters() -> None:
    model = only_model(
        """
        import keras
        def make(timesteps, n_features, units=32):
            return keras.Sequential([keras.layers.LSTM(units, input_shape=(timesteps, n_features))])
        """
    )
    lstm = model.events[0].layers[0]
    assert lstm.args == (UNKNOWN,)
    assert lstm.kwargs == {"input_shape": (UNKNOWN, UNKNOWN)}
    assert lstm.unknown_names == {
        (0,): "units", ("input_shape", 0): "timesteps", ("input_shape", 1): "n_features",
    }  # fmt: skip
    assert model.name == "<unnamed>"


def test_function_called_twice_gives_two_models() -> None:
    first, second = models(
        """
        import keras
        def head(units):
            return keras.Sequential([keras.layers.Dense(units)])
        a = head(2)
        b = head(3)
        """
    )
    assert (first.events[0].layers[0].args, second.events[0].layers[0].args) == ((2,), (3,))
    assert (first.name, second.name) == ("a", "b")


def test_a_model_from_a_call_is_created_once() -> None:
    (model,) = models(
        """
        import keras
        def get_model():
            return keras.Sequential([keras.layers.Dense(1)])
        get_model().fit(x, y)
        """
    )
    assert kinds(model.events) == ["Construct", "DataCall"]


def test_generator_and_async_functions_do_not_run_when_called() -> None:
    (model,) = models(
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        def batches(m):
            m.add(keras.layers.Dense(2))
            yield 1
        async def train(m):
            m.fit(x, y)
        gen = batches(model)
        coroutine = train(model)
        """
    )
    assert kinds(model.events) == ["Construct", "Opaque", "Opaque"]
    assert "passed to batches()" in model.events[1].reason


def test_recursive_functions_terminate() -> None:
    ir = parse_source(
        "import keras\n"
        "def f(model):\n    f(model)\n    model.add(keras.layers.Dense(1))\n"
        "model = keras.Sequential()\nf(model)\n"
    )
    assert not ir.problems
    assert any(isinstance(e, Opaque) for e in ir.models[0].events)


def test_event_types_are_ir_types() -> None:
    model = only_model(
        """
        import numpy as np, keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.add(keras.layers.Dense(2))
        model.pop()
        model.build((None, 3))
        model.compile(loss="mse")
        model.fit(np.zeros((2, 3)))
        """
    )
    types = (Construct, Add, Pop, Build, Compile, DataCall)
    assert all(isinstance(e, t) for e, t in zip(model.events, types))
    assert isinstance(model.events[-1].x, ArrayValue)
