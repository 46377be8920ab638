import Arrays
import Kernels
import Tensors

// Reductions: sums, extremes, statistics, cumulative forms.
extension Builtin {
  static let reductions: [Builtin] =
    [
      (Reduction.sum, "sum(a, axis=None, dtype=None, keepdims=False)", "the sum (int64 for ints and bools), added in NumPy's order", "np.sum(np.arange(6).reshape(2, 3), axis=0)"),
      (.prod, "prod(a, axis=None, dtype=None, keepdims=False)", "the product", "np.prod(np.arange(1, 5))"),
      (.mean, "mean(a, axis=None, dtype=None, keepdims=False)", "the mean (float64 for ints)", "np.mean(np.arange(6).reshape(2, 3), axis=1)"),
      (.std, "std(a, axis=None, dtype=None, ddof=0, keepdims=False)", "the standard deviation", "np.std(np.array([1.0, 2.0, 3.0, 4.0]))"),
      (.var, "var(a, axis=None, dtype=None, ddof=0, keepdims=False)", "the variance", "np.var(np.array([1.0, 2.0, 3.0, 4.0]), ddof=1)"),
      (.max, "max(a, axis=None, keepdims=False)", "the largest element (nan if any is nan)", "np.max(np.arange(6).reshape(2, 3), axis=1, keepdims=True)"),
      (.min, "min(a, axis=None, keepdims=False)", "the smallest element (nan if any is nan)", "np.min(np.array([4, 2, 8]))"),
      (.any, "any(a, axis=None, keepdims=False)", "whether any element is true (non-zero)", "np.any(np.array([0, 0, 1]))"),
      (.all, "all(a, axis=None, keepdims=False)", "whether every element is true (non-zero)", "np.all(np.array([1, 2, 0]))"),
    ].map { reduction, signature, summary, example in
      // sum, max and min are Python's own without np.; mean and std are NumPy's either way.
      let names = ["numpy.\(reduction.rawValue)"] + (reduction == .mean || reduction == .std ? [reduction.rawValue] : [])
      return Builtin(names, signature, summary, example: example) { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), reduction, a, axisPosition: 1)
      }
    } + [
      Builtin(["numpy.amax"], "amax(a, axis=None, keepdims=False)", "the largest element, as np.max (an alias)", example: "np.amax(np.arange(6).reshape(2, 3), axis=0)") { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), .max, a, axisPosition: 1)
      },
      Builtin(["numpy.amin"], "amin(a, axis=None, keepdims=False)", "the smallest element, as np.min (an alias)", example: "np.amin(np.arange(6).reshape(2, 3), axis=1)") { interpreter, a throws(ScriptError) in
        try interpreter.reduce(try a.array(0, "a"), .min, a, axisPosition: 1)
      },
      Builtin(["numpy.argmax", "argmax"], "argmax(a, axis=None, keepdims=False)", "the position of the largest element (int64; the flattened array without axis)", example: "np.argmax(np.array([3, 9, 2]))") { interpreter, a throws(ScriptError) in
        try interpreter.argExtreme(try a.array(0, "a"), largest: true, a, axisPosition: 1)
      },
      Builtin(["numpy.argmin"], "argmin(a, axis=None, keepdims=False)", "the position of the smallest element", example: "np.argmin(np.array([3, 9, 2]))") { interpreter, a throws(ScriptError) in
        try interpreter.argExtreme(try a.array(0, "a"), largest: false, a, axisPosition: 1)
      },
      Builtin(["numpy.cumsum"], "cumsum(a, axis=None, dtype=None)", "running sums along axis (of the flattened array without axis)", example: "np.cumsum(np.arange(5))") { _, a throws(ScriptError) in
        let array = try a.array(0, "a")
        let axis = a.has(1, "axis") ? try a.int(1, "axis") : nil
        return try a.result { try array.cumulative(product: false, axis: axis, dtype: try a.dtype(2)) }
      },
      Builtin(["numpy.cumprod"], "cumprod(a, axis=None, dtype=None)", "running products along axis", example: "np.cumprod(np.arange(1, 5))") { _, a throws(ScriptError) in
        let array = try a.array(0, "a")
        let axis = a.has(1, "axis") ? try a.int(1, "axis") : nil
        return try a.result { try array.cumulative(product: true, axis: axis, dtype: try a.dtype(2)) }
      },
      Builtin(["numpy.count_nonzero"], "count_nonzero(a)", "how many elements are non-zero (an int64)", example: "np.count_nonzero(np.array([0, 1, 2, 0]))") { _, a throws(ScriptError) in
        .array(NDArray(scalar: Int64(try a.array(0, "a").countNonzero())))
      },
      // Python's sum, max and min, which take arrays too (as NumPy's).
      Builtin(["sum"], "sum(iterable, axis=None, dtype=None, keepdims=False)", "Python's sum of numbers; of an array, np.sum (axis and keepdims as NumPy's)", example: "sum([1, 2, 3]), sum(np.arange(6).reshape(2, 3), axis=0)") { interpreter, a throws(ScriptError) in
        try interpreter.pythonReduction("sum", a)
      },
      Builtin(["max"], "max(iterable, *args, axis=None, keepdims=False)", "the largest of numbers (Python's max); of an array, np.max", example: "max(3, 7, 5), max(np.arange(6).reshape(2, 3), axis=1)") { interpreter, a throws(ScriptError) in
        try interpreter.pythonReduction("max", a)
      },
      Builtin(["min"], "min(iterable, *args, axis=None, keepdims=False)", "the smallest of numbers (Python's min); of an array, np.min", example: "min([3, 7, 5]), min(np.arange(6), axis=0)") { interpreter, a throws(ScriptError) in
        try interpreter.pythonReduction("min", a)
      },
    ]
}
