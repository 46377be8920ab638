import Arrays
import Kernels
import Tensors

// Shapes: reshaping, joining, splitting, padding.
extension Builtin {
  static let shapes: [Builtin] = [
    Builtin(["numpy.reshape", "reshape"], "reshape(a, newshape)", "the same elements in a new shape (one extent may be -1)", example: "np.reshape(np.arange(6), (2, -1))") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let shape = try interpreter.signedShape(try a.value(1, "newshape").value, range: a.range)
      return try a.result { try array.reshaped(shape) }
    },
    Builtin(["numpy.transpose", "transpose"], "transpose(a, axes=None)", "the axes permuted (reversed by default)", example: "np.transpose(np.zeros((2, 3, 4)), (2, 0, 1)).shape") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let axes = a.has(1, "axes") ? try interpreter.signedShape(try a.value(1, "axes").value, range: a.range) : nil
      return try a.result { try array.transposed(axes) }
    },
    Builtin(["numpy.moveaxis"], "moveaxis(a, source, destination)", "one axis moved to a new position", example: "np.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.movingAxis(try a.int(1, "source"), to: try a.int(2, "destination")) }
    },
    Builtin(["numpy.swapaxes"], "swapaxes(a, axis1, axis2)", "two axes exchanged", example: "np.swapaxes(np.zeros((2, 3, 4)), 0, 2).shape") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.swappingAxes(try a.int(1, "axis1"), try a.int(2, "axis2")) }
    },
    Builtin(["numpy.expand_dims", "expand_dims"], "expand_dims(a, axis)", "a length-1 axis inserted at axis", example: "np.expand_dims(np.arange(3), 0).shape") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.expandingDims(axis: try a.int(1, "axis")) }
    },
    Builtin(["numpy.squeeze", "squeeze"], "squeeze(a, axis=None)", "length-1 axes removed", example: "np.squeeze(np.zeros((1, 3, 1))).shape") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let axes = a.has(1, "axis") ? try interpreter.signedShape(try a.value(1, "axis").value, range: a.range) : nil
      return try a.result { try array.squeezed(axes: axes) }
    },
    Builtin(["numpy.ravel"], "ravel(a)", "the elements in row-major order, as one axis", example: "np.ravel(np.arange(6).reshape(2, 3))") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.flattened }
    },
    Builtin(["numpy.broadcast_to"], "broadcast_to(array, shape)", "array stretched to shape", example: "np.broadcast_to(np.arange(3), (2, 3))") { _, a throws(ScriptError) in
      let array = try a.array(0, "array")
      return try a.result { try array.broadcast(to: try a.shape(1)) }
    },
    Builtin(["numpy.concatenate", "concatenate"], "concatenate((a1, a2, ...), axis=0)", "arrays joined along an existing axis", example: "np.concatenate([np.zeros((1, 2)), np.ones((2, 2))], axis=0)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "arrays")
      return try a.result { try NDArray.concatenate(arrays, axis: try a.int(1, "axis", default: 0)) }
    },
    Builtin(["numpy.stack", "stack"], "stack(arrays, axis=0)", "equal-shaped arrays joined along a new axis", example: "np.stack([np.arange(3), np.arange(3)], axis=1)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "arrays")
      return try a.result { try NDArray.stack(arrays, axis: try a.int(1, "axis", default: 0)) }
    },
    Builtin(["numpy.vstack"], "vstack(tup)", "arrays stacked as rows (axis 0; 1-d ones become rows)", example: "np.vstack([np.arange(3), np.arange(3)])") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tup")
      return try a.result { try NDArray.concatenate(try arrays.map { (array: NDArray) throws(ShapeError) in array.rank < 2 ? try array.reshaped([1, array.count]) : array }, axis: 0) }
    },
    Builtin(["numpy.hstack"], "hstack(tup)", "arrays joined along axis 1 (axis 0 for 1-d ones)", example: "np.hstack([np.arange(2), np.arange(3)])") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tup")
      return try a.result { try NDArray.concatenate(arrays, axis: arrays.first?.rank == 1 ? 0 : 1) }
    },
    Builtin(["numpy.split"], "split(ary, indices_or_sections, axis=0)", "equal sections, or pieces cut at the given indices (a list)", example: "np.split(np.arange(6), 3)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "ary")
      let found = try a.value(1, "indices_or_sections")
      let axis = try a.int(2, "axis", default: 0)
      let pieces: [NDArray]
      if found.value.items != nil || found.value.isArrayValue {
        let cuts = try interpreter.signedShape(found.value, range: found.range)
        pieces = try a.wrap { try array.split(indices: cuts, axis: axis) }
      } else {
        let sections = try Conversions.int(found.value, what: "split() sections", range: found.range)
        pieces = try a.wrap { try array.split(sections: sections, axis: axis) }
      }
      return .list(pieces.map { .array($0) })
    },
    Builtin(["numpy.flip"], "flip(m, axis=None)", "the elements reversed along axis (all axes by default)", example: "np.flip(np.arange(4))") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "m")
      let axes = a.has(1, "axis") ? try interpreter.signedShape(try a.value(1, "axis").value, range: a.range) : nil
      return try a.result { try array.flipped(axes: axes) }
    },
    Builtin(["numpy.tile"], "tile(A, reps)", "A repeated reps times along each axis", example: "np.tile(np.arange(2), (2, 2))") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "A")
      let reps = try interpreter.signedShape(try a.value(1, "reps").value, range: a.range)
      return try a.result { try array.tiled(reps) }
    },
    Builtin(["numpy.repeat"], "repeat(a, repeats, axis=None)", "each element repeated (of the flattened array without axis)", example: "np.repeat(np.arange(3), 2)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let repeats = try interpreter.signedShape(try a.value(1, "repeats").value, range: a.range)
      let axis = a.has(2, "axis") ? try a.int(2, "axis") : nil
      return try a.result { try array.repeated(repeats, axis: axis) }
    },
    Builtin(["numpy.pad"], "pad(array, pad_width, mode='constant', constant_values=0)", "a border of constant values: pad_width is n, (before, after) or one pair per axis", example: "np.pad(np.ones((2, 2)), 1)") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["array", "pad_width", "mode", "constant_values"], maximumPositional: 3)
      let array = try a.array(0, "array")
      if a.has(2, "mode") {
        let mode = try a.string(2, "mode")
        guard mode == "constant" else {
          throw ScriptError(.runtime, "pad(): mode '\(mode)' is not available; convlab pads with mode='constant'", at: a.range)
        }
      }
      let widths = try interpreter.padWidths(try a.value(1, "pad_width"), rank: array.rank)
      let constant = a.has(nil, "constant_values") ? try a.operand(nil, "constant_values") : .int(0)
      let fill = try a.wrap { try constant.array(as: array.dtype) }
      return try a.result { try array.padded(widths, constant: fill.scalarValue ?? .int(0)) }
    },
    Builtin(["numpy.shape", "shape"], "shape(a)", "the shape of an array or Input, as a tuple", example: "np.shape(np.zeros((2, 3)))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return try interpreter.shapeValue(found.value, range: found.range)
    },
    Builtin(["numpy.ndim"], "ndim(a)", "the number of axes", example: "np.ndim(np.zeros((2, 3)))") { _, a throws(ScriptError) in .int(try a.array(0, "a").rank) },
    Builtin(["numpy.size"], "size(a)", "the number of elements", example: "np.size(np.zeros((2, 3)))") { _, a throws(ScriptError) in .int(try a.array(0, "a").count) },
  ]
}
