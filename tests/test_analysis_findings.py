"""What the findings say: code, stage, span, related layer, framework message, notes.

Built from hand-made IR (test_analysis_replay's harness); whether Keras fails at that event is
pinned by test_analysis_replay against real Keras.
"""

from __future__ import annotations

from test_analysis_replay import _seq, build_ir

from layerlint.replay.analysis import analyze


def findings(models):
    result = analyze(build_ir(models))
    return result, [d for d in result.diagnostics if d.severity != "info"]


def only(models):
    result, found = findings(models)
    assert len(found) == 1, found
    return result, found[0]


def test_seed1_data_rank_is_ll201_at_fit():
    _, d = only([[_seq("LSTM(64, input_shape=(None, 10))", "Dense(1)"), ("compile", "mse"),
                  ("fit", (100, 10), (100, 1))]])
    assert (d.code, d.stage, d.span.line) == ("LL201", "fit", 3)
    assert "(100, 10)" in d.message and "(None, None, 10)" in d.message
    assert "Invalid input shape" in d.framework_error
    assert "Expected shape (None, None, 10)" in d.framework_error
    assert "torch.Size([32, 10])" in d.framework_error


def test_seed2_flatten_then_lstm_is_ll101_at_construct():
    result, d = only([[_seq("LSTM(64, return_sequences=True, input_shape=(10, 5))", "Flatten()",
                            "LSTM(32)"), ("compile", "mse"), ("fit", (100, 10, 5), (100, 1))]])
    assert (d.code, d.stage, d.layer) == ("LL101", "construct", 2)
    assert "(None, 640)" in d.message and "Flatten" in d.message
    assert "when the model is built at Sequential(...)" in d.message
    assert "lstm_1" in d.framework_error and "ndim=3" in d.framework_error
    assert d.related and d.related[0].message.startswith("Flatten produces (None, 640)")
    # The failing layer's span is the element inside Sequential([...]).
    layer_call = build_ir([[_seq("Dense(1)", "Dense(1)", "LSTM(32)")]])  # same column layout
    assert d.span.col == layer_call.models[0].events[0].layers[2].span.col
    # Layers before the error are built; the failing one and later are unknown.
    rows = result.models[0].layers
    assert [r.output_shape for r in rows] == [(None, 10, 64), (None, 640), None]


def test_first_rnn_without_sequences_before_flatten_still_ll101():
    """The seed suggests return_sequences=False on the first LSTM: Flatten then gives
    (None, 64), still 2-D, and Keras still raises (pinned in test_analysis_replay)."""
    _, d = only([[_seq("LSTM(64, return_sequences=False, input_shape=(10, 5))", "Flatten()",
                       "LSTM(32)")]])
    assert d.code == "LL101" and "(None, 64)" in d.message


def test_stacked_rnn_is_ll301_with_related_rnn():
    _, d = only([[_seq("Input((10, 5))", "LSTM(16)", "Dropout(0.2)", "LSTM(8)")]])
    assert (d.code, d.layer, d.stage) == ("LL301", 2, "construct")
    assert "return_sequences=False" in d.message
    assert any("returns only its last output" in r.message for r in d.related)


def test_bidirectional_stacked_is_ll301():
    _, d = only([[_seq("Input((10, 5))", "Bidirectional(GRU(4))", "GRU(8)")]])
    assert d.code == "LL301"


def test_error_stops_the_model_but_not_the_file():
    _, found = findings([
        [_seq("Input((10, 5))", "LSTM(16)", "LSTM(8)"), ("compile", "mse"),
         ("fit", (10, 3), (11, 1))],
        [_seq("Input((4,))", "Dense(1)"), ("compile", "mse"), ("fit", (10, 4), (12, 1))],
    ])
    assert [(d.code, d.model) for d in found] == [("LL301", "model0"), ("LL203", "model1")]


def test_unbuilt_model_fails_at_fit_with_first_layer_as_ll201():
    _, d = only([[_seq("LSTM(3)", "Dense(1)"), ("compile", "mse"), ("fit", (64, 10), (64, 1))]])
    assert (d.code, d.stage, d.span.line) == ("LL201", "fit", 3)
    assert "Full shape received: (32, 10)" in d.framework_error or "(32, 10)" in d.message


def test_unbuilt_model_deeper_error_keeps_layer_code_at_fit():
    _, d = only([[_seq("Dense(3)", "LSTM(3)"), ("compile", "mse"), ("fit", (64, 10), (64, 1))]])
    assert (d.code, d.stage, d.layer) == ("LL101", "fit", 1)
    assert d.related[0].message.startswith("LSTM")


def test_model_built_by_fit_reports_keras_batch_shapes():
    result, found = findings([[_seq("Dense(3)", "Dense(1)"), ("compile", "mse"),
                               ("fit", (100, 10), (100, 1))]])
    assert not found
    model = result.models[0]
    assert model.built and model.input_shape == (32, 10)
    assert [r.output_shape for r in model.layers] == [(32, 3), (32, 1)]
    assert [r.params for r in model.layers] == [33, 4]


def test_unbuilt_model_reports_unknown_shapes():
    result, found = findings([[_seq("Dense(3)", "Dense(1)")]])
    assert not found
    model = result.models[0]
    assert not model.built and model.input_shape is None
    assert [r.output_shape for r in model.layers] == [None, None]
    assert model.total_params is None


def test_cardinality_messages():
    _, d = only([[_seq("Input((10,))", "Dense(1)"), ("compile", "mse"),
                  ("fit", (64, 10), (60, 1))]])
    assert d.code == "LL203" and "64" in d.message and "60" in d.message
    assert d.framework_error.startswith("ValueError: Data cardinality is ambiguous")


def test_validation_cardinality_is_named():
    _, d = only([[_seq("Dense(3)"), ("compile", "mse"),
                  ("fit", (100, 10), (100, 3), {"validation_data": ((20, 10), (21, 3))})]])
    assert d.code == "LL203" and d.message.startswith("validation_data:")


def test_broadcast_target_is_ll403_warning():
    _, d = only([[_seq("Input((5,))", "Dense(1)"), ("compile", "mse"),
                  ("fit", (64, 5), (64, 20, 1))]])
    assert (d.code, d.severity) == ("LL403", "warning")
    assert "(N, 20, 1)" in d.message and "(N, 1)" in d.message


def test_integer_labels_with_categorical_is_ll204_suggesting_sparse():
    _, d = only([[_seq("Input((5,))", "Dense(3)"), ("compile", "categorical_crossentropy"),
                  ("fit", (64, 5), (64, 1))]])
    assert d.code == "LL204"
    assert "must have the same shape" in d.framework_error


def test_one_hot_labels_with_sparse_is_ll204():
    _, d = only([[_seq("Input((5,))", "Dense(3)"), ("compile", "sparse_categorical_crossentropy"),
                  ("fit", (64, 5), (64, 3))]])
    assert d.code == "LL204"
    assert "up until the last dimension" in d.framework_error


def test_wrong_number_of_classes_is_ll202():
    _, d = only([[_seq("Input((5,))", "Dense(3)"), ("compile", "categorical_crossentropy"),
                  ("fit", (64, 5), (64, 4))]])
    assert d.code == "LL202" and "(N, 4)" in d.message and "(N, 3)" in d.message


def test_dense_on_sequence_output_is_ll401_not_ll403():
    _, d = only([[_seq("Input((10, 5))", "LSTM(8, return_sequences=True)", "Dense(1)"),
                  ("compile", "mse"), ("fit", (64, 10, 5), (64, 1))]])
    assert (d.code, d.severity, d.layer) == ("LL401", "warning", 1)


def test_unknown_data_and_loss_give_no_finding():
    _, found = findings([[_seq("Input((5,))", "Dense(3)"), ("compile", "some_custom_loss"),
                          ("fit", (64, 5), (64, 7))]])
    assert not found


def test_softmax_on_one_unit_is_ll402_once():
    _, found = findings([[("seq_empty",), ("add", "Input((4,))"),
                          ("add", "Dense(1, activation='softmax')"), ("add", "Dropout(0.1)")]])
    assert [d.code for d in found] == ["LL402"]


def test_embedding_input_length_is_ll404_and_model_stays_unbuilt():
    result, found = findings([[_seq("Embedding(10, 5, input_length=4)", "LSTM(32)", "Dense(1)")]])
    assert [d.code for d in found] == ["LL404"]
    assert not result.models[0].built


def test_layers_of_a_list_are_all_created_before_any_is_added():
    """Keras evaluates the list first: Dense(0) raises before the duplicate name is seen."""
    _, d = only([[_seq("Dense(2, name='x')", "Dense(2, name='x')", "Dense(0)")]])
    assert d.code == "LL105" and d.span.col == 10 + 2 * 210  # the third element
    assert "when the layer is created" in d.message


def test_softmax_layer_and_activation_on_one_unit_are_ll402():
    for layers in (("Input((4,))", "Dense(1)", "Activation('softmax')"),
                   ("Input((4,))", "Dense(1)", "Softmax()")):
        _, d = only([[_seq(*layers)]])
        assert (d.code, d.layer) == ("LL402", 1)


def test_softmax_over_a_longer_axis_is_fine():
    _, found = findings([[_seq("Input((4, 3))", "Dense(1)", "Softmax(axis=1)")],
                         [_seq("Input((4,))", "Dense(2, activation='softmax')")]])
    assert not found
