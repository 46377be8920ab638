import Arrays
import Kernels
import Tensors

// Creation: NumPy's array constructors.
extension Builtin {
  static let creation: [Builtin] = [
    Builtin(["numpy.zeros", "zeros"], "zeros(shape, dtype=float)", "an array of zeros; convlab also takes the shape as separate ints", example: "np.zeros((2, 3), dtype='float32')") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.zeros(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.zeros(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    Builtin(["numpy.ones", "ones"], "ones(shape, dtype=float)", "an array of ones; convlab also takes the shape as separate ints", example: "np.ones((2, 3))") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.ones(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.ones(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    Builtin(["numpy.empty"], "empty(shape, dtype=float)", "an array of the shape (zeros here: convlab never shows stale memory); convlab also takes the shape as separate ints", example: "np.empty((2, 2))") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "dtype"], maximumPositional: a.sizesGivenSeparately ? .max : 2)
      if a.sizesGivenSeparately { return try a.result { try NDArray.zeros(try a.shape(from: 0), dtype: try a.dtype(nil) ?? .float64) } }
      return try a.result { try NDArray.zeros(try a.shape(0), dtype: try a.dtype(1) ?? .float64) }
    },
    Builtin(["numpy.full", "full"], "full(shape, fill_value, dtype=None)", "an array filled with one value (its dtype from the value)", example: "np.full((2, 2), 7)") { _, a throws(ScriptError) in
      try a.check(allowed: ["shape", "fill_value", "dtype"], maximumPositional: 3)
      let fill = try a.operand(1, "fill_value")
      let dtype = try a.dtype(2) ?? Promotion.resultType([fill])
      let value = try a.wrap { try fill.array(as: dtype) }
      return try a.result { try NDArray.full(try a.shape(0), value.scalarValue ?? .int(0), dtype: dtype) }
    },
    Builtin(["numpy.zeros_like"], "zeros_like(a, dtype=None)", "zeros of a's shape and dtype", example: "np.zeros_like(np.arange(6).reshape(2, 3))") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try NDArray.zeros(array.shape, dtype: try a.dtype(1) ?? array.dtype) }
    },
    Builtin(["numpy.ones_like"], "ones_like(a, dtype=None)", "ones of a's shape and dtype", example: "np.ones_like(np.arange(4))") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      return try a.result { try NDArray.ones(array.shape, dtype: try a.dtype(1) ?? array.dtype) }
    },
    Builtin(["numpy.full_like"], "full_like(a, fill_value, dtype=None)", "a's shape and dtype filled with one value", example: "np.full_like(np.arange(4), 9)") { _, a throws(ScriptError) in
      let array = try a.array(0, "a")
      let dtype = try a.dtype(2) ?? array.dtype
      let value = try a.wrap { try a.operand(1, "fill_value").array(as: dtype) }
      return try a.result { try NDArray.full(array.shape, value.scalarValue ?? .int(0), dtype: dtype) }
    },
    Builtin(["numpy.arange", "arange"], "arange([start,] stop[, step], dtype=None)", "evenly spaced values in [start, stop): int64 for integers, else float64", example: "np.arange(12).reshape(3, 4)") { _, a throws(ScriptError) in
      try a.check(allowed: ["start", "stop", "step", "dtype"], maximumPositional: 4)
      let first = try a.operand(0, "start")
      let (start, stop) = a.has(1, "stop") ? (first, try a.operand(1, "stop")) : (Operand.int(0), first)
      let step = a.has(2, "step") ? try a.operand(2, "step") : .int(1)
      return try a.result { try NDArray.arange(start: start, stop: stop, step: step, dtype: try a.dtype(3)) }
    },
    Builtin(["numpy.linspace", "linspace"], "linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)", "num evenly spaced values from start to stop", example: "np.linspace(0, 1, 5)") { _, a throws(ScriptError) in
      for (position, name) in [(4, "retstep"), (6, "axis")] where a.has(position, name) {
        guard try a.int(position, name) == 0 else {
          throw ScriptError(.runtime, "linspace(): \(name) is not available in convlab", at: a.find(position, name)!.range)
        }
      }
      let values = try a.wrap {
        try NDArray.linspace(
          try a.double(0, "start"), try a.double(1, "stop"), count: try a.int(2, "num", default: 50),
          endpoint: try a.bool(3, "endpoint", default: true))
      }
      guard let dtype = try a.dtype(5) else { return .array(values) }
      return try a.result { try values.astype(dtype) }
    },
    Builtin(["numpy.eye", "eye"], "eye(N, M=None, k=0, dtype=float)", "ones on diagonal k, zeros elsewhere", example: "np.eye(3)") { _, a throws(ScriptError) in
      try a.check(allowed: ["N", "M", "k", "dtype"], maximumPositional: 4)
      let columns = a.has(1, "M") ? try a.int(1, "M") : nil
      return try a.result {
        try NDArray.eye(try a.int(0, "N"), columns: columns, diagonal: try a.int(2, "k", default: 0), dtype: try a.dtype(3) ?? .float64)
      }
    },
    Builtin(["numpy.identity"], "identity(n, dtype=float)", "the n × n identity matrix", example: "np.identity(2)") { _, a throws(ScriptError) in
      return try a.result { try NDArray.eye(try a.int(0, "n"), dtype: try a.dtype(1) ?? .float64) }
    },
    Builtin(["numpy.array", "array"], "array(object, dtype=None)", "an array from nested lists (ints int64, floats float64, bools bool) or another array (a copy)", example: "np.array([[1, 2], [3, 4]], dtype='float32')") { _, a throws(ScriptError) in
      try a.check(allowed: ["object", "dtype", "copy", "ndmin", "order"], maximumPositional: 2)
      let found = try a.value(0, "object")
      return .array(try Conversions.array(found.value, what: "array() object", range: found.range, dtype: try a.dtype(1)))
    },
    Builtin(["numpy.asarray"], "asarray(a, dtype=None)", "a as an array (no copy when it already is one)", example: "np.asarray([1.5, 2.5])") { _, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return .array(try Conversions.array(found.value, what: "asarray() a", range: found.range, dtype: try a.dtype(1)))
    },
    Builtin(["numpy.copy"], "copy(a)", "a copy of a", example: "np.copy(np.arange(3))") { _, a throws(ScriptError) in .array(try a.array(0, "a")) },
    Builtin(["numpy.ascontiguousarray"], "ascontiguousarray(a, dtype=None)", "a in row-major order", example: "np.ascontiguousarray(np.arange(6).reshape(2, 3).T)") { _, a throws(ScriptError) in
      let found = try a.value(0, "a")
      return .array(try Conversions.array(found.value, what: "ascontiguousarray() a", range: found.range, dtype: try a.dtype(1)).contiguous())
    },
    Builtin(["numpy.dtype"], "dtype(dtype)", "a dtype object: dtype('float32')", example: "np.dtype('float32').itemsize") { _, a throws(ScriptError) in
      let found = try a.value(0, "dtype")
      return .dtype(try Conversions.dtype(found.value, range: found.range))
    },
    // Paddle's constructors (float32 by default) and convlab's tensor().
    Builtin(["paddle.zeros"], "zeros(shape, dtype=None, name=None)", "a tensor of zeros, float32 by default", example: "paddle.zeros([2, 3])") { _, a throws(ScriptError) in
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      return try a.result { try NDArray.zeros(shape, dtype: try a.dtype(1) ?? .float32) }
    },
    Builtin(["paddle.ones"], "ones(shape, dtype=None, name=None)", "a tensor of ones, float32 by default", example: "paddle.ones([2, 3], dtype='int64')") { _, a throws(ScriptError) in
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      return try a.result { try NDArray.ones(shape, dtype: try a.dtype(1) ?? .float32) }
    },
    Builtin(["tensor"], "tensor(data, dtype=None)", "a tensor from nested lists or an array (as paddle.to_tensor)", example: "tensor([[1, 2], [3, 4]], dtype='float32')") { interpreter, a throws(ScriptError) in
      try Builtin.table["paddle.to_tensor"]!.call(&interpreter, a)
    },
    Builtin(["paddle.to_tensor"], "to_tensor(data, dtype=None, place=None, stop_gradient=True)", "a tensor from nested lists or an array, as paddle.to_tensor", example: "paddle.to_tensor([[1.0, 2.0], [3.0, 4.0]])") { _, a throws(ScriptError) in
      let found = try a.value(0, "data")
      return .array(try Conversions.array(found.value, what: "\(a.function)() data", range: found.range, dtype: try a.dtype(1)))
    },
  ]
}
