import Arrays
import Layers
import Tensors

// Teaching: the arithmetic and pictures behind a layer's output.
extension Builtin {
  static let teaching: [Builtin] = [
    Builtin(["explain"], "explain(layer, input, *, notation='keras')", "the arithmetic behind the output shape: each axis's rule with the numbers put in, channels, parameters, mult-adds; a Sequential model is walked layer by layer with receptive field and jump. input: a tensor, an Input or a shape tuple; notation='guide' adds each axis in the guide's i, k, s, p (i′, p′, ĩ′, a for transposed layers) with its relationship number, and the same layer in Keras's, PyTorch's and Paddle's arguments with the output_padding that inverts it", example: "explain(Conv3DTranspose(32, 2, strides=2), (4, 10, 8, 12, 128))") { interpreter, a throws(ScriptError) in
      try interpreter.explain(a)
    },
    Builtin(["diagram"], "diagram(layer, input, at=None, *, from_input=None, from_tap=None, numbers=False, save=None, overwrite=False)", "the guide's picture in text: the input grid (· padding, ∘ inserted zeros, ╌ dilation gaps) with the cells output at reads labelled by kernel tap, the output grid with at marked, and the sum written out; transposed layers get the scatter and the direct view; from_input= instead shows every output cell one input cell feeds, with the tap it meets there, and from_tap= every input cell one kernel tap multiplies, paired with its output (the weight gradient's pattern). 1-D and 2-D; 3-D draws the rows × cols plane; numbers=True draws the input tensor's values in the cells and works the sum out with them (the guide's Figs 1.1–1.2); save='fig.svg' also writes the picture as a standalone SVG for slides", example: "diagram(Conv2D(1, 3, strides=2, padding='same'), (1, 5, 5, 1), at=(1, 2))") { interpreter, a throws(ScriptError) in
      try interpreter.diagram(a)
    },
    Builtin(["equivalent"], "equivalent(layer, input=None)", "the same convolution in Keras's, PyTorch's and Paddle's arguments, as code that runs: where a framework cannot place the padding with the layer's own arguments (PyTorch pads both sides alike; Keras's strided 'same' depends on the input size; transposed crops differ) the extra step (F.pad, ZeroPadding, a crop) is written out, or its lack is said", example: "equivalent(Conv2D(8, 3, strides=2, padding='same'), (1, 32, 32, 3))") { interpreter, a throws(ScriptError) in
      let target = try a.value(0, "layer")
      guard case .layer(let layer) = target.value else {
        throw ScriptError(.runtime, "equivalent() takes a layer, got \(target.value.kindName)", at: target.range)
      }
      let shape = a.has(1, "input") ? try interpreter.teachingInputShape(try a.value(1, "input")) : nil
      do { interpreter.output.append(try layer.equivalents(input: shape).joined(separator: "\n")) } catch {
        throw ScriptError(.runtime, "equivalent(): \(error)", at: a.find(1, "input")?.range ?? target.range, cause: error)
      }
      return .none
    },
    Builtin(["animate"], "animate(layer, input, *, save=None, overwrite=False)", "diagram at every output position in turn: → and ← step, Space plays and pauses, q leaves; convlab run prints the first, middle and last frames; save='anim.svg' writes an animated SVG that steps through every frame", example: "animate(Conv2DTranspose(1, 3, strides=2), (1, 3, 3, 1))") { interpreter, a throws(ScriptError) in
      try interpreter.animate(a)
    },
    Builtin(["matrix"], "matrix(layer, input_shape)", "the layer as the guide's unrolled matrix C (§4.1): y.ravel() == C @ x.ravel() + the bias; a small single-channel convolution also prints C with its kernel's taps. Transpose a layer's C to see why the transposed layer is called so", example: "C = matrix(Conv2D(1, 3, kernel_initializer='ones', use_bias=False), (1, 4, 4, 1))") { interpreter, a throws(ScriptError) in
      try interpreter.matrix(a)
    },
    Builtin(["overlap"], "overlap(layer, input_shape)", "how many kernel stamps reach each output cell, through a layer or a whole model (distill's checkerboard, counted): an int64 tensor over the output's spatial cells", example: "overlap(Conv2DTranspose(1, 3, strides=2), (1, 4, 4, 1))") { interpreter, a throws(ScriptError) in
      try interpreter.overlap(a)
    },
    Builtin(["trace"], "trace(layer, input_shape, at=None, *, from_input=None)", "the exact input cells that feed output cell at through a layer or a whole model (a 0/1 tensor over the input's spatial cells); from_input= gives every output cell one input cell reaches", example: "trace(Sequential([Conv2D(1, 3), Conv2DTranspose(1, 3, strides=2)]), (1, 8, 8, 1), at=(4, 4))") { interpreter, a throws(ScriptError) in
      try interpreter.trace(a)
    },
    Builtin(["show"], "show(t, batch=0, channel=0, depth=0, reduce='max', *, save=None, overwrite=False)", "a heatmap with a scale bar: a conv tensor's spatial plane (rows × cols of one batch item and channel, in the session's data format; depth picks a 3-D one's plane), any other tensor's last two axes; planes over 32 cells a side are reduced by block max or mean; save='map.svg' writes it as SVG", example: "show(Conv2D(1, 3)(np.random.rand(1, 16, 16, 1)))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "t")
      let array = try Conversions.array(found.value, what: "show() argument", range: found.range)
      let name = interpreter.written(found.range) ?? a.names.first.flatMap { $0 } ?? "t"
      var choice = Heatmap.Choice(dataFormat: interpreter.state.dataFormat)
      for (position, key) in [(1, "batch"), (2, "channel"), (3, "depth")] where a.has(position, key) {
        choice.indices[key] = (try a.int(position, key), a.find(position, key)!.range)
      }
      if a.has(4, "reduce") {
        let text = try a.string(4, "reduce")
        guard let reduction = Heatmap.Reduction(rawValue: text) else {
          throw ScriptError(.runtime, "show(): reduce is 'max' or 'mean', got '\(text)'", at: a.find(4, "reduce")!.range)
        }
        choice.reduction = reduction
      }
      let (lines, styles) = try Heatmap.render(array, name: name, choice, range: found.range)
      interpreter.output.append(lines.joined(separator: "\n"))
      interpreter.outputStyles.merge(styles) { first, _ in first }
      try interpreter.saveFigure(a, frames: [lines])
      return .none
    },
  ]
}
