"""Run scripts in a real framework and print, for each, the tensors passed between its layers:
the oracle of the pictures' edges (tests/test_report_flow.py).

``python report_flow_runner.py keras|keras-subclass|torch`` reads a JSON list of sources on stdin and prints a
JSON list: per script ``{"error": str | None, "edges": [[producer, consumer, shape], ...]}``.

* keras: after the script ran, ``model``'s layers and, for every call (inbound node) of each,
  the layer that made each tensor it took (``_keras_history``) and that tensor's shape.
* keras-subclass: ``Layer.__call__`` wrapped during the first call of the model: the layers its
  ``call`` calls directly (a nested model is one), linked by the tensor objects they pass.
* torch: forward hooks on every leaf module of ``model`` while the script runs; a module's input
  tensor that is the very object another module returned is an edge between them (tensor
  functions in between make new tensors: no edge). Names are ``named_modules`` paths.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
import traceback


def keras_edges(namespace: dict) -> list:
    import keras

    model = namespace.get("model")
    if not isinstance(model, keras.Model):
        return []
    edges = []
    for layer in model.layers:
        for node in layer._inbound_nodes:
            for tensor in node.input_tensors:
                producer = tensor._keras_history.operation
                edges.append([producer.name, layer.name, list(tensor.shape)])
    return edges


def torch_hooks(namespace_model: object, made: dict, edges: list, kept: list) -> None:
    import torch.nn as nn

    containers = (nn.Sequential, nn.ModuleList, nn.ModuleDict)
    for name, module in namespace_model.named_modules():  # type: ignore[attr-defined]
        if not name or list(module.children()) or isinstance(module, containers):
            continue

        def before(mod, args, name=name):  # type: ignore[no-untyped-def]
            if args and hasattr(args[0], "shape") and id(args[0]) in made:
                edges.append([made[id(args[0])], name, list(args[0].shape)])

        def after(mod, args, out, name=name):  # type: ignore[no-untyped-def]
            first = out[0] if isinstance(out, tuple) else out
            if hasattr(first, "shape"):
                kept.append(first)  # alive: no other tensor reuses its id
                made[id(first)] = name

        module.register_forward_pre_hook(before)
        module.register_forward_hook(after)


def keras_layer_hooks(made: dict, edges: list, kept: list) -> tuple:
    """Layer.__call__ wrapped: the layers the model's first call calls directly (a nested
    model is one layer), by the tensor objects they take and return."""
    import keras
    import torch

    original = keras.layers.Layer.__call__
    stack: list = []
    done: list = []

    frozen: list = []

    def new_pass() -> None:
        """The model's call() starts again (Keras may run it more than once in one call):
        keep the first run on data, and forget which tensor came from where."""
        if edges:
            frozen.append(True)
        made.clear()

    def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        top = not stack
        if top and (done or not isinstance(self, keras.Model)):
            return original(self, *args, **kwargs)
        if top and "call" not in vars(self):
            own = self.call

            @functools.wraps(own)
            def each_pass(*a, **k):  # type: ignore[no-untyped-def]
                new_pass()
                return own(*a, **k)

            object.__setattr__(self, "call", each_pass)
        taken = args[0] if args else kwargs.get("inputs")
        taken = list(taken) if isinstance(taken, (list, tuple)) else [taken]
        # a symbolic build runs call() on KerasTensors first: only the run on data counts
        direct = len(stack) == 1 and not frozen and \
            all(isinstance(t, torch.Tensor) for t in taken)
        if direct:
            for tensor in taken:
                if id(tensor) in made:
                    edges.append([made[id(tensor)], self.name, list(tensor.shape)])
        stack.append(self)
        try:
            out = original(self, *args, **kwargs)
        finally:
            stack.pop()
        if direct:
            for tensor in out if isinstance(out, (list, tuple)) else [out]:
                kept.append(tensor)
                made[id(tensor)] = self.name
        if top and made:  # the first call that ran on data
            done.append(True)
        return out

    return original, call


def run(framework: str, source: str) -> dict:
    namespace: dict = {"__name__": "__main__"}
    edges: list = []
    error = None
    if framework == "torch":
        import torch.nn as nn

        made: dict = {}
        kept: list = []
        original = nn.Module.__call__
        hooked: set = set()

        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            # hook ``model`` as soon as the script calls it (the name is bound by then)
            root = namespace.get("model")
            if isinstance(root, nn.Module) and id(root) not in hooked:
                hooked.add(id(root))
                torch_hooks(root, made, edges, kept)
            return original(self, *args, **kwargs)

        nn.Module.__call__ = call
        try:
            exec(compile(source, "<script>", "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - the verdict is data
            error = f"{type(exc).__name__}: {exc}"
        finally:
            nn.Module.__call__ = original
        return {"error": error, "edges": edges}
    import keras

    keras.backend.clear_session()  # automatic names count from zero in each script
    made: dict = {}
    kept: list = []
    original, wrapped = keras_layer_hooks(made, edges, kept)
    if framework == "keras-subclass":
        keras.layers.Layer.__call__ = wrapped
    try:
        exec(compile(source, "<script>", "exec"), namespace)
    except Exception as exc:  # noqa: BLE001
        error = f"{type(exc).__name__}: {exc}"
    finally:
        keras.layers.Layer.__call__ = original
    if framework == "keras-subclass":
        return {"error": error, "edges": edges}
    try:
        edges = keras_edges(namespace)
    except Exception:  # noqa: BLE001
        error = error or traceback.format_exc(limit=1)
    return {"error": error, "edges": edges}


def main() -> None:
    framework = sys.argv[1]
    sources = json.load(sys.stdin)
    with contextlib.redirect_stdout(io.StringIO()):  # what the scripts print is not data
        results = [run(framework, s) for s in sources]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
