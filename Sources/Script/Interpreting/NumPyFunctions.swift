import Arrays
import Kernels
import Tensors

/// One NumPy function convlab has: its name in `np.` (and `numpy.`), its signature as NumPy
/// writes it, a one-line summary, and its body. The table is the one list of them: `np.`
/// lookup, completion and help read it.
struct NumPyFunction: Sendable {
  typealias Body = @Sendable (inout Interpreter, CallArguments) throws(ScriptError) -> Value

  let name: String
  let signature: String
  let summary: String
  let body: Body

  init(_ name: String, _ signature: String, _ summary: String, _ body: @escaping Body) {
    self.name = name
    self.signature = signature
    self.summary = summary
    self.body = body
  }
}

extension NumPyFunction {
  /// Every function in `numpy` (and `numpy.random`, as `random.NAME`), by name.
  static let table: [String: NumPyFunction] = {
    var table: [String: NumPyFunction] = [:]
    for function in creation + shaping + reductions + others + random + ufuncs {
      precondition(table[function.name] == nil, "\(function.name) declared twice")
      table[function.name] = function
    }
    return table
  }()

  /// The names in `numpy` itself (not `numpy.random`).
  // Made once: every `np.name` looks its module up, and sorting per lookup cost a tight
  // `timeit` a tenth of its time.
  static let numpyNames: [String] = table.keys.filter { !$0.hasPrefix("random.") }.sorted()
  static let randomNames: [String] = table.keys.filter { $0.hasPrefix("random.") }.map { String($0.dropFirst(7)) }.sorted()

  // MARK: creation

  static let creation: [NumPyFunction] = [
    NumPyFunction("zeros", "zeros(shape, dtype=float)", "an array of zeros; convlab also takes the shape as separate ints") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.zeros(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.zeros(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    NumPyFunction("ones", "ones(shape, dtype=float)", "an array of ones; convlab also takes the shape as separate ints") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.ones(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.ones(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    NumPyFunction("empty", "empty(shape, dtype=float)", "an array of the shape (zeros here: convlab never shows stale memory); convlab also takes the shape as separate ints") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.zeros(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.zeros(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    NumPyFunction("full", "full(shape, fill_value, dtype=None)", "an array filled with one value (its dtype from the value)") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "fill_value", "dtype"], maximumPositional: 3)
      let fill = try a.operand(1, "fill_value")
      let dtype = try a.dtype(2) ?? Promotion.resultType([fill])
      let value = try a.wrap { try fill.array(as: dtype) }
      return try a.result { try NDArray.full(try a.shape(0), value.scalarValue ?? .int(0), dtype: dtype) }
    },
    NumPyFunction("zeros_like", "zeros_like(a, dtype=None)", "zeros of a's shape and dtype") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try NDArray.zeros(array.shape, dtype: try a.dtype(1) ?? array.dtype) }
    },
    NumPyFunction("ones_like", "ones_like(a, dtype=None)", "ones of a's shape and dtype") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try NDArray.ones(array.shape, dtype: try a.dtype(1) ?? array.dtype) }
    },
    NumPyFunction("full_like", "full_like(a, fill_value, dtype=None)", "a's shape and dtype filled with one value") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let dtype = try a.dtype(2) ?? array.dtype
      let value = try a.wrap { try a.operand(1, "fill_value").array(as: dtype) }
      return try a.result { try NDArray.full(array.shape, value.scalarValue ?? .int(0), dtype: dtype) }
    },
    NumPyFunction("arange", "arange([start,] stop[, step], dtype=None)", "evenly spaced values in [start, stop): int64 for integers, else float64") { _, a throws(ScriptError) in
      try a.check(allowed: ["start", "stop", "step", "dtype"], maximumPositional: 4)
      let first = try a.operand(0, "start")
      let (start, stop) = a.has(1, "stop") ? (first, try a.operand(1, "stop")) : (Operand.int(0), first)
      let step = a.has(2, "step") ? try a.operand(2, "step") : .int(1)
      return try a.result { try NDArray.arange(start: start, stop: stop, step: step, dtype: try a.dtype(3)) }
    },
    NumPyFunction("linspace", "linspace(start, stop, num=50, endpoint=True, dtype=None)", "num evenly spaced values from start to stop") { _, a throws(ScriptError) in
      try a.check(allowed: ["start", "stop", "num", "endpoint", "retstep", "dtype", "axis"], maximumPositional: 6)
      let values = try a.wrap {
        try NDArray.linspace(
          try a.double(0, "start"), try a.double(1, "stop"), count: try a.int(2, "num", default: 50),
          endpoint: try a.bool(3, "endpoint", default: true))
      }
      guard let dtype = try a.dtype(5) else { return .array(values) }
      return try a.result { try values.astype(dtype) }
    },
    NumPyFunction("eye", "eye(N, M=None, k=0, dtype=float)", "ones on diagonal k, zeros elsewhere") { _, a throws(ScriptError) in
      try a.check(allowed: ["N", "M", "k", "dtype"], maximumPositional: 4)
      let columns = a.has(1, "M") ? try a.int(1, "M") : nil
      return try a.result {
        try NDArray.eye(try a.int(0, "N"), columns: columns, diagonal: try a.int(2, "k", default: 0), dtype: try a.dtype(3) ?? .float64)
      }
    },
    NumPyFunction("identity", "identity(n, dtype=float)", "the n × n identity matrix") { _, a throws(ScriptError) in
      return try a.result { try NDArray.eye(try a.int(0, "n"), dtype: try a.dtype(1) ?? .float64) }
    },
    NumPyFunction("array", "array(object, dtype=None)", "an array from nested lists (ints int64, floats float64, bools bool) or another array (a copy)") { _, a throws(ScriptError) in
      try a.check(allowed: ["object", "dtype", "copy", "ndmin", "order"], maximumPositional: 2)
      let found = try a.value(0, "object")
      return .array(try Conversions.array(found.value, what: "array() object", range: found.range, dtype: try a.dtype(1)))
    },
    NumPyFunction("asarray", "asarray(a, dtype=None)", "a as an array (no copy when it already is one)") { _, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return .array(try Conversions.array(found.value, what: "asarray() a", range: found.range, dtype: try a.dtype(1)))
    },
    NumPyFunction("copy", "copy(a)", "a copy of a") { _, a throws(ScriptError) in .array(try a.array(0, "a")) },
    NumPyFunction("ascontiguousarray", "ascontiguousarray(a, dtype=None)", "a in row-major order") { _, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return .array(try Conversions.array(found.value, what: "ascontiguousarray() a", range: found.range, dtype: try a.dtype(1)).contiguous())
    },
  ]

  // MARK: random

  static let random: [NumPyFunction] = [
    NumPyFunction("random.rand", "rand(d0, d1, ...)", "uniform samples in [0, 1), float64 (NumPy's legacy MT19937 stream)") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0)
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextUniform() } }
    },
    NumPyFunction("random.random", "random(size=None)", "uniform samples in [0, 1), float64") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0, "size")
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextUniform() } }
    },
    NumPyFunction("random.randn", "randn(d0, d1, ...)", "standard normal samples, float64") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0)
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextNormal() } }
    },
    NumPyFunction("random.uniform", "uniform(low=0.0, high=1.0, size=None)", "uniform samples in [low, high)") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["low", "high", "size"], maximumPositional: 3)
      let low = try a.double(0, "low", default: 0), high = try a.double(1, "high", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return try a.result { try NDArray.sample(shape) { low + interpreter.state.generator.nextUniform() * (high - low) } }
    },
    NumPyFunction("random.normal", "normal(loc=0.0, scale=1.0, size=None)", "normal samples") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["loc", "scale", "size"], maximumPositional: 3)
      let loc = try a.double(0, "loc", default: 0), scale = try a.double(1, "scale", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return try a.result { try NDArray.sample(shape) { loc + interpreter.state.generator.nextNormal() * scale } }
    },
    NumPyFunction("random.randint", "randint(low, high=None, size=None, dtype=int)", "random integers in [low, high), int64 (NumPy's legacy stream)") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["low", "high", "size", "dtype"], maximumPositional: 4)
      let first = try a.int(0, "low")
      let (low, high) = a.has(1, "high") ? (first, try a.int(1, "high")) : (0, first)
      guard low < high else { throw ScriptError(.runtime, "randint(): low >= high (\(low) >= \(high))", at: a.range) }
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      let span = UInt64(bitPattern: Int64(high) &- Int64(low) &- 1)
      let count = try a.wrap { try Tensor.elementCount(of: shape, itemSize: 8) }
      var values = [Int64](repeating: 0, count: count)
      for index in 0..<count {
        values[index] = Int64(low) &+ Int64(bitPattern: interpreter.state.generator.nextBounded(span))
      }
      let result = try a.wrap { try NDArray(shape: shape, elements: values) }
      guard let dtype = try a.dtype(3) else { return .array(result) }
      return try a.result { try result.astype(dtype) }
    },
    NumPyFunction("random.seed", "seed(seed)", "restart the generator, as np.random.seed") { interpreter, a throws(ScriptError) in
      let seed = try a.int(0, "seed")
      guard seed >= 0 && seed <= Int(UInt32.max) else {
        throw ScriptError(.runtime, "seed must be between 0 and 2**32 - 1, got \(seed)", at: a.positional.first?.range ?? a.range)
      }
      interpreter.state.generator.reseed(UInt32(seed))
      return .none
    },
  ]

  // MARK: shapes

  static let shaping: [NumPyFunction] = [
    NumPyFunction("reshape", "reshape(a, newshape)", "the same elements in a new shape (one extent may be -1)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let shape = try interpreter.signedShape(try a.value(1, "newshape").value, range: a.range)
      return try a.result { try array.reshaped(shape) }
    },
    NumPyFunction("transpose", "transpose(a, axes=None)", "the axes permuted (reversed by default)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let axes = a.has(1, "axes") ? try interpreter.signedShape(try a.value(1, "axes").value, range: a.range) : nil
      return try a.result { try array.transposed(axes) }
    },
    NumPyFunction("moveaxis", "moveaxis(a, source, destination)", "one axis moved to a new position") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.movingAxis(try a.int(1, "source"), to: try a.int(2, "destination")) }
    },
    NumPyFunction("swapaxes", "swapaxes(a, axis1, axis2)", "two axes exchanged") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.swappingAxes(try a.int(1, "axis1"), try a.int(2, "axis2")) }
    },
    NumPyFunction("expand_dims", "expand_dims(a, axis)", "a length-1 axis inserted at axis") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.expandingDims(axis: try a.int(1, "axis")) }
    },
    NumPyFunction("squeeze", "squeeze(a, axis=None)", "length-1 axes removed") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let axes = a.has(1, "axis") ? try interpreter.signedShape(try a.value(1, "axis").value, range: a.range) : nil
      return try a.result { try array.squeezed(axes: axes) }
    },
    NumPyFunction("ravel", "ravel(a)", "the elements in row-major order, as one axis") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.flattened }
    },
    NumPyFunction("broadcast_to", "broadcast_to(array, shape)", "array stretched to shape") { _, a throws(ScriptError) in
      let array = try a.array(0, "array")
      return try a.result { try array.broadcast(to: try a.shape(1)) }
    },
    NumPyFunction("concatenate", "concatenate((a1, a2, ...), axis=0)", "arrays joined along an existing axis") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "arrays")
      return try a.result { try NDArray.concatenate(arrays, axis: try a.int(1, "axis", default: 0)) }
    },
    NumPyFunction("stack", "stack(arrays, axis=0)", "equal-shaped arrays joined along a new axis") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "arrays")
      return try a.result { try NDArray.stack(arrays, axis: try a.int(1, "axis", default: 0)) }
    },
    NumPyFunction("vstack", "vstack(tup)", "arrays stacked as rows (axis 0; 1-d ones become rows)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tup")
      return try a.result { try NDArray.concatenate(try arrays.map { (array: NDArray) throws(ShapeError) in array.rank < 2 ? try array.reshaped([1, array.count]) : array }, axis: 0) }
    },
    NumPyFunction("hstack", "hstack(tup)", "arrays joined along axis 1 (axis 0 for 1-d ones)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tup")
      return try a.result { try NDArray.concatenate(arrays, axis: arrays.first?.rank == 1 ? 0 : 1) }
    },
    NumPyFunction("split", "split(ary, indices_or_sections, axis=0)", "equal sections, or pieces cut at the given indices (a list)") { interpreter, a throws(ScriptError) in
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
    NumPyFunction("flip", "flip(m, axis=None)", "the elements reversed along axis (all axes by default)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "m")
      let axes = a.has(1, "axis") ? try interpreter.signedShape(try a.value(1, "axis").value, range: a.range) : nil
      return try a.result { try array.flipped(axes: axes) }
    },
    NumPyFunction("tile", "tile(A, reps)", "A repeated reps times along each axis") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "A")
      let reps = try interpreter.signedShape(try a.value(1, "reps").value, range: a.range)
      return try a.result { try array.tiled(reps) }
    },
    NumPyFunction("repeat", "repeat(a, repeats, axis=None)", "each element repeated (of the flattened array without axis)") { interpreter, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let repeats = try interpreter.signedShape(try a.value(1, "repeats").value, range: a.range)
      let axis = a.has(2, "axis") ? try a.int(2, "axis") : nil
      return try a.result { try array.repeated(repeats, axis: axis) }
    },
    NumPyFunction("pad", "pad(array, pad_width, mode='constant', constant_values=0)", "a border of constant values: pad_width is n, (before, after) or one pair per axis") { interpreter, a throws(ScriptError) in
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
    NumPyFunction("shape", "shape(a)", "the shape of an array or Input, as a tuple") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return try interpreter.shapeValue(found.value, range: found.range)
    },
    NumPyFunction("ndim", "ndim(a)", "the number of axes") { _, a throws(ScriptError) in .int(try a.array(0, "a").rank) },
    NumPyFunction("size", "size(a)", "the number of elements") { _, a throws(ScriptError) in .int(try a.array(0, "a").count) },
  ]

  // MARK: reductions

  static let reductions: [NumPyFunction] =
    [
      (Reduction.sum, "sum(a, axis=None, dtype=None, keepdims=False)", "the sum (int64 for ints and bools), added in NumPy's order"),
      (.prod, "prod(a, axis=None, dtype=None, keepdims=False)", "the product"),
      (.mean, "mean(a, axis=None, dtype=None, keepdims=False)", "the mean (float64 for ints)"),
      (.std, "std(a, axis=None, dtype=None, ddof=0, keepdims=False)", "the standard deviation"),
      (.var, "var(a, axis=None, dtype=None, ddof=0, keepdims=False)", "the variance"),
      (.max, "max(a, axis=None, keepdims=False)", "the largest element (nan if any is nan)"),
      (.min, "min(a, axis=None, keepdims=False)", "the smallest element (nan if any is nan)"),
      (.any, "any(a, axis=None, keepdims=False)", "whether any element is true (non-zero)"),
      (.all, "all(a, axis=None, keepdims=False)", "whether every element is true (non-zero)"),
    ].map { reduction, signature, summary in
      NumPyFunction(reduction.rawValue, signature, summary) { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), reduction, a, axisPosition: 1)
      }
    } + [
      NumPyFunction("amax", "amax(a, axis=None, keepdims=False)", "max") { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), .max, a, axisPosition: 1)
      },
      NumPyFunction("amin", "amin(a, axis=None, keepdims=False)", "min") { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), .min, a, axisPosition: 1)
      },
      NumPyFunction("argmax", "argmax(a, axis=None, keepdims=False)", "the position of the largest element (int64; the flattened array without axis)") { interpreter, a throws(ScriptError) in
        try interpreter.argExtreme(try a.array(0, "a"), largest: true, a, axisPosition: 1)
      },
      NumPyFunction("argmin", "argmin(a, axis=None, keepdims=False)", "the position of the smallest element") { interpreter, a throws(ScriptError) in
        try interpreter.argExtreme(try a.array(0, "a"), largest: false, a, axisPosition: 1)
      },
      NumPyFunction("cumsum", "cumsum(a, axis=None, dtype=None)", "running sums along axis (of the flattened array without axis)") { _, a throws(ScriptError) in
        let array = try a.array(0, "a")
        let axis = a.has(1, "axis") ? try a.int(1, "axis") : nil
        return try a.result { try array.cumulative(product: false, axis: axis, dtype: try a.dtype(2)) }
      },
      NumPyFunction("cumprod", "cumprod(a, axis=None, dtype=None)", "running products along axis") { _, a throws(ScriptError) in
        let array = try a.array(0, "a")
        let axis = a.has(1, "axis") ? try a.int(1, "axis") : nil
        return try a.result { try array.cumulative(product: true, axis: axis, dtype: try a.dtype(2)) }
      },
      NumPyFunction("count_nonzero", "count_nonzero(a)", "how many elements are non-zero (an int64)") { _, a throws(ScriptError) in
        .array(NDArray(scalar: Int64(try a.array(0, "a").countNonzero())))
      },
    ]

  // MARK: selection, sorting, linear algebra, comparison

  static let others: [NumPyFunction] = [
    NumPyFunction("where", "where(condition, x, y)", "x where condition is true, else y (broadcast); with only condition, nonzero(condition)") { _, a throws(ScriptError) in
      try a.check(allowed: ["condition", "x", "y"], maximumPositional: 3)
      let condition = try a.operand(0, "condition")
      guard a.has(1, "x") || a.has(2, "y") else {
        let array = try a.wrap { try condition.array(as: Promotion.resultType([condition])) }
        return .tuple(array.nonzero().map { .array($0) })
      }
      return try a.result { try NDArray.select(condition, try a.operand(1, "x"), try a.operand(2, "y")) }
    },
    NumPyFunction("nonzero", "nonzero(a)", "a tuple of int64 positions of the non-zero elements, one array per axis") { _, a throws(ScriptError) in
      .tuple(try a.array(0, "a").nonzero().map { .array($0) })
    },
    NumPyFunction("clip", "clip(a, a_min, a_max)", "values limited to [a_min, a_max] (nan stays nan)") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "a_min", "a_max", "min", "max"], maximumPositional: 3)
      let low = a.has(1, "a_min") ? try a.operand(1, "a_min") : (a.has(nil, "min") ? try a.operand(nil, "min") : nil)
      let high = a.has(2, "a_max") ? try a.operand(2, "a_max") : (a.has(nil, "max") ? try a.operand(nil, "max") : nil)
      return try a.result { try NDArray.clip(try a.operand(0, "a"), min: low, max: high) }
    },
    NumPyFunction("round", "round(a, decimals=0)", "rounded to decimals places, halves to even") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.rounded(decimals: try a.int(1, "decimals", default: 0)) }
    },
    NumPyFunction("around", "around(a, decimals=0)", "round") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.rounded(decimals: try a.int(1, "decimals", default: 0)) }
    },
    NumPyFunction("sort", "sort(a, axis=-1, kind=None)", "a sorted copy (NaNs last); axis=None sorts the flattened array") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "axis", "kind", "order", "stable"], maximumPositional: 3)
      let array = try a.array(0, "a")
      let axis = try a.optionalInt(1, "axis", default: -1)
      return try a.result { try array.sorted(axis: axis) }
    },
    NumPyFunction("argsort", "argsort(a, axis=-1, kind=None)", "the int64 positions that sort a; equal elements keep their order (kind='stable' in NumPy)") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "axis", "kind", "order", "stable"], maximumPositional: 3)
      let array = try a.array(0, "a")
      let axis = try a.optionalInt(1, "axis", default: -1)
      return try a.result { try array.argsorted(axis: axis) }
    },
    NumPyFunction("unique", "unique(ar)", "the sorted distinct values of the flattened array") { _, a throws(ScriptError) in
      let array = try a.array(0, "ar")
      return try a.result { try array.unique() }
    },
    NumPyFunction("diff", "diff(a, n=1, axis=-1)", "differences of neighbours along axis") { _, a throws(ScriptError) in
      var array = try a.array(0, "a")
      let times = try a.int(1, "n", default: 1), axis = try a.int(2, "axis", default: -1)
      for _ in 0..<max(times, 0) { array = try a.wrap { try array.difference(axis: axis) } }
      return .array(array)
    },
    NumPyFunction("matmul", "matmul(x1, x2)", "the matrix product (the @ operator)") { _, a throws(ScriptError) in
      let x = try a.array(0, "x1"), y = try a.array(1, "x2")
      return try a.result { try NDArray.matmul(x, y) }
    },
    NumPyFunction("dot", "dot(a, b)", "the dot product: scalars multiply, 1-d·1-d is the inner product, else matmul") { _, a throws(ScriptError) in
      // dot converts its arguments with asarray: Python numbers are int64 or float64 arrays.
      let x = try a.array(0, "a"), y = try a.array(1, "b")
      if x.rank == 0 || y.rank == 0 { return .array(try a.wrap { try BinaryUfunc.multiply(.array(x), .array(y)) }) }
      return try a.result { try NDArray.matmul(x, y) }
    },
    NumPyFunction("allclose", "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", "whether |a − b| ≤ atol + rtol·|b| everywhere") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "b", "rtol", "atol", "equal_nan"], maximumPositional: 5)
      let close = try a.wrap {
        try NDArray.isClose(
          try a.operand(0, "a"), try a.operand(1, "b"), rtol: try a.double(2, "rtol", default: 1e-5),
          atol: try a.double(3, "atol", default: 1e-8), equalNaN: try a.bool(4, "equal_nan", default: false))
      }
      return .bool(close.elements(as: Bool.self).allSatisfy { $0 })
    },
    NumPyFunction("isclose", "isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", "|a − b| ≤ atol + rtol·|b|, element-wise") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "b", "rtol", "atol", "equal_nan"], maximumPositional: 5)
      return try a.result {
        try NDArray.isClose(
          try a.operand(0, "a"), try a.operand(1, "b"), rtol: try a.double(2, "rtol", default: 1e-5),
          atol: try a.double(3, "atol", default: 1e-8), equalNaN: try a.bool(4, "equal_nan", default: false))
      }
    },
    NumPyFunction("array_equal", "array_equal(a1, a2)", "whether the shapes and every element are equal") { _, a throws(ScriptError) in
      let x = try a.array(0, "a1"), y = try a.array(1, "a2")
      guard x.shape == y.shape else { return .bool(false) }
      let equal = try a.wrap { try BinaryUfunc.equal(.array(x), .array(y)) }
      return .bool(equal.elements(as: Bool.self).allSatisfy { $0 })
    },
    NumPyFunction("load", "load(file)", "read a .npy file: its dtype and shape as saved") { interpreter, a throws(ScriptError) in
      try interpreter.requireFiles(a)
      let path = interpreter.state.resolve(try a.string(0, "file"))
      let array = try a.wrap { try NPY.read(path: path) }
      interpreter.state.fileFingerprints[path] = FileFingerprint.of(path)
      return .array(array)
    },
    NumPyFunction("save", "save(file, arr)", "write arr as .npy in its own dtype, atomically (convlab's save(t, path) is accepted too)") { interpreter, a throws(ScriptError) in
      try interpreter.saveArray(a)
      return .none
    },
    NumPyFunction("set_printoptions", "set_printoptions(precision=4, threshold=1000, edgeitems=3, linewidth=75, suppress=False, floatmode='maxprec')", "how arrays print, as np.set_printoptions") { interpreter, a throws(ScriptError) in
      try interpreter.setPrintOptions(a)
      return .none
    },
    NumPyFunction("dtype", "dtype(name)", "a dtype object: dtype('float32')") { _, a throws(ScriptError) in
      let found = try a.value(0, "dtype")
      return .dtype(try Conversions.dtype(found.value, range: found.range))
    },
  ]

  // MARK: ufuncs

  static let ufuncs: [NumPyFunction] =
    UnaryUfunc.allCases.map { ufunc in
      NumPyFunction(ufunc.rawValue, "\(ufunc.rawValue)(x)", "NumPy's \(ufunc.rawValue), element-wise") { _, a throws(ScriptError) in
        try a.check(allowed: ["x"], maximumPositional: 1)
        let x = try a.operand(0, "x")
        return .array(try a.wrap { try ufunc(x) })
      }
    } + BinaryUfunc.allCases.map { ufunc in
      NumPyFunction(ufunc.rawValue, "\(ufunc.rawValue)(x1, x2)", "NumPy's \(ufunc.rawValue), element-wise with broadcasting") { _, a throws(ScriptError) in
        try a.check(allowed: ["x1", "x2"], maximumPositional: 2)
        let x = try a.operand(0, "x1"), y = try a.operand(1, "x2")
        return .array(try a.wrap { try ufunc(x, y) })
      }
    } + [
      ("abs", UnaryUfunc.absolute), ("fabs", .absolute), ("conjugate", .positive),
    ].map { name, ufunc in
      NumPyFunction(name, "\(name)(x)", "NumPy's \(ufunc.rawValue), element-wise") { _, a throws(ScriptError) in
        .array(try a.wrap { try ufunc(try a.operand(0, "x")) })
      }
    } + [
      ("divide", BinaryUfunc.divide), ("mod", .remainder), ("pow", .power),
    ].map { name, ufunc in
      NumPyFunction(name, "\(name)(x1, x2)", "NumPy's \(ufunc.rawValue), element-wise") { _, a throws(ScriptError) in
        .array(try a.wrap { try ufunc(try a.operand(0, "x1"), try a.operand(1, "x2")) })
      }
    }

  /// NumPy's scalar types by name (`np.float32`): dtype objects that make scalars when called.
  static let scalarTypes: [String: DType] = {
    var types: [String: DType] = [:]
    for dtype in DType.allCases { types[dtype.rawValue] = dtype }
    types["bool_"] = .bool
    types["double"] = .float64
    types["single"] = .float32
    types["half"] = .float16
    types["intp"] = .int64
    types["int_"] = .int64
    return types
  }()
}

extension Operand {
  var rank: Int {
    if case .array(let array) = self { return array.rank }
    return 0
  }
}

extension Value {
  var isArrayValue: Bool {
    if case .array = self { return true }
    return false
  }
}

extension CallArguments {
  /// Runs `body`, reporting an array error as this call's (a script error passes through).
  func wrap<T>(_ body: () throws -> T) throws(ScriptError) -> T {
    do { return try body() } catch let error as ScriptError { throw error } catch {
      throw ScriptError(.runtime, "\(function)(): \(error)", at: range)
    }
  }

  /// `wrap` for a body that makes an array: the array as a value.
  func result(_ body: () throws -> NDArray) throws(ScriptError) -> Value {
    .array(try wrap { () throws -> NDArray in try body() })
  }

  /// `zeros(2, 3)`: the shape given as separate ints (convlab's shortcut; NumPy takes a tuple).
  var sizesGivenSeparately: Bool {
    guard positional.count > 1 else { return false }
    if case .int = positional[1].value { return true }
    return false
  }

  /// A shape from one argument (ints or a tuple).
  func shape(_ position: Int, _ name: String = "shape") throws(ScriptError) -> [Int] {
    let found = try value(position, name)
    return try Conversions.shape(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  /// A list or tuple of arrays.
  func arrays(_ position: Int, _ name: String) throws(ScriptError) -> [NDArray] {
    let found = try value(position, name)
    let items: [Value]
    switch found.value {
    case .tuple(let values), .list(let values): items = values
    case .array(let array): items = array.pythonItems()
    default: throw ScriptError(.runtime, "\(function)() takes a list of arrays, got \(found.value.kindName)", at: found.range)
    }
    var arrays: [NDArray] = []
    for item in items { arrays.append(try Conversions.array(item, what: "\(function)() item", range: found.range)) }
    return arrays
  }

  /// An int that may be None (nil), with a default when absent.
  func optionalInt(_ position: Int?, _ name: String, default fallback: Int?) throws(ScriptError) -> Int? {
    guard let found = find(position, name) else { return fallback }
    if found.value.isNone { return nil }
    return try Conversions.int(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }
}

extension RandomGenerator {
  /// A uniform integer in [0, span] as NumPy's legacy `randint` draws it: the smallest mask
  /// covering span, 32-bit draws for spans below 2³² (64-bit ones, high word first, above),
  /// rejecting masked values past span.
  mutating func nextBounded(_ span: UInt64) -> UInt64 {
    if span == 0 { return 0 }
    var mask = span
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    if span <= UInt64(UInt32.max) {
      if span == UInt64(UInt32.max) { return UInt64(nextUInt32()) }
      while true {
        let value = UInt64(nextUInt32()) & mask
        if value <= span { return value }
      }
    }
    while true {
      let value = ((UInt64(nextUInt32()) << 32) | UInt64(nextUInt32())) & mask
      if value <= span { return value }
    }
  }
}
