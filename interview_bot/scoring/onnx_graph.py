"""Build all-MiniLM-L6-v2 as an ONNX graph from the packaged safetensors, with ``onnx.helper``.

No torch and no export tool: the graph is written node by node (embeddings, ``layers`` post-norm
BERT layers, exact erf GELU, LayerNormalization of opset 17) and outputs the last hidden state
``(batch, seq, 384)``. It mirrors :meth:`interview_bot.scoring.embedder.MiniLM._forward` except
that GELU is the model's exact erf form (the numpy path uses the tanh approximation).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

OPSET = 17
GRAPH_VERSION = 3  # bump when the graph or its quantisation changes: cached files carry it in their name
FFN_OUT = "_ffn_mm"  # suffix of the feed-forward down-projection MatMul nodes (left in fp32 by int8)
HEADS = 12
HIDDEN = 384
MS = "com.microsoft"  # onnxruntime's contrib operators (fused attention, skip-layer-norm, bias-GELU)


def build_minilm(
    weights: Mapping[str, np.ndarray],
    layers: int,
    fused: bool = True,
    smooth: Mapping[str, np.ndarray] | None = None,
    taps: dict[str, tuple[str, np.ndarray]] | None = None,
):  # -> onnx.ModelProto
    """The encoder as an ONNX model. Inputs: ``input_ids`` and ``attention_mask`` (int64, batch × seq).

    With ``fused`` (the default), each weight product is named by a key (``l0_ctx`` for layer 0's
    fused Q/K/V attention, ``l0_attn_mm``, ``l0_inter_mm``, ``l0_ffn_mm``). ``smooth`` maps a key to a
    per-input-channel scale s: the activation is divided by s and the weight rows multiplied by it,
    the same product with flatter activations for int8 (SmoothQuant). ``taps``, if given, is filled
    with key → (activation name, weight (in, out) before smoothing), and every such activation is
    also a graph output named ``tap_<key>`` (for calibration)."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list = []
    inits: list = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def w(key: str) -> str:
        return const(key, weights[key].astype(np.float32))

    def dense(x: str, prefix: str, out: str) -> str:
        # torch Linear stores (out, in); MatMul wants (in, out).
        wt = const(prefix + ".weight_t", weights[prefix + ".weight"].astype(np.float32).T)
        mm = node("MatMul", [x, wt], out + "_mm")
        return node("Add", [mm, w(prefix + ".bias")], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        return node("LayerNormalization", [x, w(prefix + ".weight"), w(prefix + ".bias")], out,
                    axis=-1, epsilon=1e-12)

    d = HIDDEN // HEADS
    const("zero_1d", np.array([0], dtype=np.int64))
    if not fused:
        const("shape_bshd", np.array([0, 0, HEADS, d], dtype=np.int64))
        const("shape_bsh", np.array([0, 0, HIDDEN], dtype=np.int64))
        const("one_f", np.array(1.0, dtype=np.float32))
        const("neg_big", np.array(-10000.0, dtype=np.float32))
        const("half", np.array(0.5, dtype=np.float32))
        const("inv_sqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
        const("scale", np.array(1.0 / math.sqrt(d), dtype=np.float32))
        const("mask_axes", np.array([1, 2], dtype=np.int64))

    # Embeddings: word + position (0..seq-1) + token type 0, then LayerNorm.
    seq = node("Shape", ["input_ids"], "seq_len", start=1, end=2)  # 1-D: [seq]
    word = node("Gather", [w("embeddings.word_embeddings.weight"), "input_ids"], "word_emb", axis=0)
    posv = node("Slice", [w("embeddings.position_embeddings.weight"), "zero_1d", seq, "zero_1d"], "pos_emb")
    tt = const("token_type_0", weights["embeddings.token_type_embeddings.weight"][0].astype(np.float32))
    x = node("Add", [node("Add", [word, posv], "emb_wp"), tt], "emb_sum")
    x = layer_norm(x, "embeddings.LayerNorm", "emb_out")

    if fused:  # contrib Attention takes the raw (batch, seq) 0/1 mask as int32
        node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    else:  # additive attention bias (batch, 1, 1, seq): 0 where mask = 1, -10000 where 0
        maskf = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
        inv = node("Sub", ["one_f", maskf], "mask_inv")
        bias = node("Mul", [inv, "neg_big"], "mask_bias2d")
        bias = node("Unsqueeze", [bias, "mask_axes"], "mask_bias")

    for i in range(layers):
        p = f"encoder.layer.{i}."
        if fused:
            x = _fused_layer(x, p, i, weights, const, node, w, smooth or {}, taps)
            continue
        q = dense(x, p + "attention.self.query", f"l{i}_q")
        k = dense(x, p + "attention.self.key", f"l{i}_k")
        v = dense(x, p + "attention.self.value", f"l{i}_v")
        q = node("Transpose", [node("Reshape", [q, "shape_bshd"], f"l{i}_q4")], f"l{i}_qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [k, "shape_bshd"], f"l{i}_k4")], f"l{i}_kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [v, "shape_bshd"], f"l{i}_v4")], f"l{i}_vt", perm=[0, 2, 1, 3])
        scores = node("MatMul", [q, k], f"l{i}_qk")
        scores = node("Mul", [scores, "scale"], f"l{i}_qk_scaled")
        scores = node("Add", [scores, bias], f"l{i}_qk_masked")
        probs = node("Softmax", [scores], f"l{i}_probs", axis=-1)
        ctx = node("MatMul", [probs, v], f"l{i}_ctx4")
        ctx = node("Transpose", [ctx], f"l{i}_ctx_t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, "shape_bsh"], f"l{i}_ctx")
        attn = dense(ctx, p + "attention.output.dense", f"l{i}_attn")
        x = layer_norm(node("Add", [attn, x], f"l{i}_attn_res"), p + "attention.output.LayerNorm", f"l{i}_attn_out")
        inter = dense(x, p + "intermediate.dense", f"l{i}_inter")
        # exact GELU: 0.5 * x * (1 + erf(x / sqrt 2))
        e = node("Erf", [node("Mul", [inter, "inv_sqrt2"], f"l{i}_gelu_s")], f"l{i}_gelu_erf")
        g = node("Mul", [node("Mul", [inter, "half"], f"l{i}_gelu_h"), node("Add", [e, "one_f"], f"l{i}_gelu_1p")],
                 f"l{i}_gelu")
        out = dense(g, p + "output.dense", f"l{i}_ffn")
        x = layer_norm(node("Add", [out, x], f"l{i}_ffn_res"), p + "output.LayerNorm", f"l{i}_out")

    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="last_hidden_state"))
    tap_outputs = []
    for key, (act, _w) in (taps or {}).items():
        nodes.append(helper.make_node("Identity", [act], [f"tap_{key}"], name=f"tap_{key}"))
        tap_outputs.append(helper.make_tensor_value_info(f"tap_{key}", TensorProto.FLOAT, None))
    graph = helper.make_graph(
        nodes,
        "minilm",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "seq", HIDDEN]), *tap_outputs],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS, 1)], producer_name="interview_bot")
    model.ir_version = 8  # readable by every onnxruntime since 1.10
    return model


def _fused_layer(x, p, i, weights, const, node, w, smooth, taps) -> str:
    """One layer with onnxruntime's contrib operators: Attention (fused QKV), SkipLayerNormalization, BiasGelu."""
    def t(key: str) -> np.ndarray:
        return weights[key].astype(np.float32).T

    def product_input(act: str, key: str, wt: np.ndarray) -> tuple[str, str]:
        """The (activation, weight initialiser) of one weight product, smoothed if asked."""
        if taps is not None:
            taps[key] = (act, wt)
        if key in smooth:
            s = smooth[key].astype(np.float32)
            act = node("Mul", [act, const(f"{key}_smooth", (1.0 / s).astype(np.float32))], f"{key}_smoothed")
            wt = wt * s[:, None]
        return act, const(f"{key}_w", wt)

    qkv = np.concatenate([t(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")], 1)
    qkv_b = const(f"l{i}_qkv_b", np.concatenate([weights[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]).astype(np.float32))
    a, qkv_w = product_input(x, f"l{i}_ctx", qkv)
    ctx = node("Attention", [a, qkv_w, qkv_b, "mask_i32"], f"l{i}_ctx", domain=MS, num_heads=HEADS)
    a, wt = product_input(ctx, f"l{i}_attn_mm", t(p + "attention.output.dense.weight"))
    attn = node("MatMul", [a, wt], f"l{i}_attn_mm")
    x = node("SkipLayerNormalization", [attn, x, w(p + "attention.output.LayerNorm.weight"),
             w(p + "attention.output.LayerNorm.bias"), w(p + "attention.output.dense.bias")],
             f"l{i}_attn_out", domain=MS, epsilon=1e-12)
    a, wt = product_input(x, f"l{i}_inter_mm", t(p + "intermediate.dense.weight"))
    inter = node("MatMul", [a, wt], f"l{i}_inter_mm")
    g = node("BiasGelu", [inter, w(p + "intermediate.dense.bias")], f"l{i}_gelu", domain=MS)
    a, wt = product_input(g, f"l{i}{FFN_OUT}", t(p + "output.dense.weight"))
    out = node("MatMul", [a, wt], f"l{i}{FFN_OUT}")
    return node("SkipLayerNormalization", [out, x, w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias"),
                w(p + "output.dense.bias")], f"l{i}_out", domain=MS, epsilon=1e-12)
