"""Differential tests against tf.keras 2 (tf_keras): every module is marked ``keras2``."""
