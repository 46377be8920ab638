import Arrays
import Kernels
import Tensors

// Selection, sorting, linear algebra and comparison.
extension Builtin {
  static let selection: [Builtin] = [
    Builtin(["numpy.where", "where"], "where(condition, x, y)", "x where condition is true, else y (broadcast); with only condition, nonzero(condition)", example: "np.where(np.arange(5) > 2, 1, 0)") { _, a throws(ScriptError) in
      try a.check(allowed: ["condition", "x", "y"], maximumPositional: 3)
      let condition = try a.operand(0, "condition")
      guard a.has(1, "x") || a.has(2, "y") else {
        let array = try a.wrap { try condition.array(as: Promotion.resultType([condition])) }
        return .tuple(array.nonzero().map { .array($0) })
      }
      return try a.result { try NDArray.select(condition, try a.operand(1, "x"), try a.operand(2, "y")) }
    },
    Builtin(["numpy.nonzero"], "nonzero(a)", "a tuple of int64 positions of the non-zero elements, one array per axis", example: "np.nonzero(np.array([0, 3, 0, 4]))") { _, a throws(ScriptError) in
      .tuple(try a.array(0, "a").nonzero().map { .array($0) })
    },
    Builtin(["numpy.clip", "clip"], "clip(a, a_min, a_max)", "values limited to [a_min, a_max] (nan stays nan)", example: "np.clip(np.arange(6), 1, 4)") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "a_min", "a_max", "min", "max"], maximumPositional: 3)
      let low = a.has(1, "a_min") ? try a.operand(1, "a_min") : (a.has(nil, "min") ? try a.operand(nil, "min") : nil)
      let high = a.has(2, "a_max") ? try a.operand(2, "a_max") : (a.has(nil, "max") ? try a.operand(nil, "max") : nil)
      return try a.result { try NDArray.clip(try a.operand(0, "a"), min: low, max: high) }
    },
    Builtin(["numpy.round"], "round(a, decimals=0)", "rounded to decimals places, halves to even", example: "np.round(np.array([0.5, 1.5, 2.675]), 2)") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.rounded(decimals: try a.int(1, "decimals", default: 0)) }
    },
    Builtin(["numpy.around"], "around(a, decimals=0)", "rounded to decimals places, as np.round (an alias)", example: "np.around(np.array([0.5, 1.5]))") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try array.rounded(decimals: try a.int(1, "decimals", default: 0)) }
    },
    Builtin(["numpy.sort"], "sort(a, axis=-1, kind=None)", "a sorted copy (NaNs last); axis=None sorts the flattened array", example: "np.sort(np.array([3, 1, 2]))") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "axis", "kind", "order", "stable"], maximumPositional: 3)
      let array = try a.array(0, "a")
      let axis = try a.optionalInt(1, "axis", default: -1)
      return try a.result { try array.sorted(axis: axis) }
    },
    Builtin(["numpy.argsort"], "argsort(a, axis=-1, kind=None)", "the int64 positions that sort a; equal elements keep their order (kind='stable' in NumPy)", example: "np.argsort(np.array([3, 1, 2]))") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "axis", "kind", "order", "stable"], maximumPositional: 3)
      let array = try a.array(0, "a")
      let axis = try a.optionalInt(1, "axis", default: -1)
      return try a.result { try array.argsorted(axis: axis) }
    },
    Builtin(["numpy.unique"], "unique(ar)", "the sorted distinct values of the flattened array", example: "np.unique(np.array([3, 1, 3, 2, 1]))") { _, a throws(ScriptError) in
      let array = try a.array(0, "ar")
      return try a.result { try array.unique() }
    },
    Builtin(["numpy.diff"], "diff(a, n=1, axis=-1)", "differences of neighbours along axis", example: "np.diff(np.array([1, 4, 9, 16]))") { _, a throws(ScriptError) in
      var array = try a.array(0, "a")
      let times = try a.int(1, "n", default: 1), axis = try a.int(2, "axis", default: -1)
      for _ in 0..<max(times, 0) { array = try a.wrap { try array.difference(axis: axis) } }
      return .array(array)
    },
    Builtin(["numpy.matmul", "matmul"], "matmul(x1, x2)", "the matrix product (the @ operator)", example: "np.matmul(np.ones((2, 3)), np.ones((3, 4))).shape") { _, a throws(ScriptError) in
      let x = try a.array(0, "x1"), y = try a.array(1, "x2")
      return try a.result { try NDArray.matmul(x, y) }
    },
    Builtin(["numpy.dot", "dot"], "dot(a, b)", "the dot product: scalars multiply, 1-d·1-d is the inner product, else matmul", example: "np.dot(np.arange(3), np.arange(3))") { _, a throws(ScriptError) in
      // dot converts its arguments with asarray: Python numbers are int64 or float64 arrays.
      let x = try a.array(0, "a"), y = try a.array(1, "b")
      if x.rank == 0 || y.rank == 0 { return .array(try a.wrap { try BinaryUfunc.multiply(.array(x), .array(y)) }) }
      return try a.result { try NDArray.matmul(x, y) }
    },
    Builtin(["numpy.allclose", "allclose"], "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", "whether |a − b| ≤ atol + rtol·|b| everywhere", example: "np.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "b", "rtol", "atol", "equal_nan"], maximumPositional: 5)
      let close = try a.wrap {
        try NDArray.isClose(
          try a.operand(0, "a"), try a.operand(1, "b"), rtol: try a.double(2, "rtol", default: 1e-5),
          atol: try a.double(3, "atol", default: 1e-8), equalNaN: try a.bool(4, "equal_nan", default: false))
      }
      return .bool(close.elements(as: Bool.self).allSatisfy { $0 })
    },
    Builtin(["numpy.isclose"], "isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", "|a − b| ≤ atol + rtol·|b|, element-wise", example: "np.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1]))") { _, a throws(ScriptError) in
      try a.check(allowed: ["a", "b", "rtol", "atol", "equal_nan"], maximumPositional: 5)
      return try a.result {
        try NDArray.isClose(
          try a.operand(0, "a"), try a.operand(1, "b"), rtol: try a.double(2, "rtol", default: 1e-5),
          atol: try a.double(3, "atol", default: 1e-8), equalNaN: try a.bool(4, "equal_nan", default: false))
      }
    },
    Builtin(["numpy.array_equal"], "array_equal(a1, a2)", "whether the shapes and every element are equal", example: "np.array_equal(np.arange(3), np.array([0, 1, 2]))") { _, a throws(ScriptError) in
      let x = try a.array(0, "a1"), y = try a.array(1, "a2")
      guard x.shape == y.shape else { return .bool(false) }
      let equal = try a.wrap { try BinaryUfunc.equal(.array(x), .array(y)) }
      return .bool(equal.elements(as: Bool.self).allSatisfy { $0 })
    },
  ]

}
