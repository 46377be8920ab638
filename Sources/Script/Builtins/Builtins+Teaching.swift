import Arrays
import Layers
import Tensors

// Teaching: the arithmetic and pictures behind a layer's output.
extension Builtin {
  static let teaching: [Builtin] = [
    Builtin(["explain"], "explain(layer, input)", "the arithmetic behind the output shape: each axis's rule with the numbers put in, channels, parameters, mult-adds; a Sequential model is walked layer by layer with receptive field and jump. input: a tensor, an Input or a shape tuple", example: "explain(Conv3DTranspose(32, 2, strides=2), (4, 10, 8, 12, 128))") { interpreter, a throws(ScriptError) in
      try interpreter.explain(a)
    },
    Builtin(["diagram"], "diagram(layer, input, at=None)", "the guide's picture in text: the input grid (· padding, ∘ inserted zeros, ╌ dilation gaps) with the cells output at reads labelled by kernel tap, the output grid with at marked, and the sum written out; transposed layers get the scatter and the direct view. 1-D and 2-D; 3-D draws the rows × cols plane", example: "diagram(Conv2D(1, 3, strides=2, padding='same'), (1, 5, 5, 1), at=(1, 2))") { interpreter, a throws(ScriptError) in
      try interpreter.diagram(a)
    },
    Builtin(["animate"], "animate(layer, input)", "diagram at every output position in turn: → and ← step, Space plays and pauses, q leaves; convlab run prints the first, middle and last frames", example: "animate(Conv2DTranspose(1, 3, strides=2), (1, 3, 3, 1))") { interpreter, a throws(ScriptError) in
      try interpreter.animate(a)
    },
    Builtin(["show"], "show(t)", "a heatmap of t's first 2-D slice (index 0 on the leading axes), with a scale bar", example: "show(Conv2D(1, 3)(np.random.rand(1, 16, 16, 1))[0, :, :, 0])") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "t")
      let array = try Conversions.array(found.value, what: "show() argument", range: found.range)
      do {
        let name = a.names.first.flatMap { $0 } ?? "t"
        interpreter.output.append(try Heatmap.render(array, name: name).joined(separator: "\n"))
      } catch {
        throw ScriptError(.runtime, "\(error)", at: found.range, cause: error)
      }
      return .none
    },
  ]
}
