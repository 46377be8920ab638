import Arrays
import Kernels
import Tensors

// Random: NumPy's legacy MT19937 stream, and the frameworks' samplers drawing from it.
extension Builtin {
  static let random: [Builtin] = [
    Builtin(["numpy.random.rand", "rand"], "rand(d0, d1, ...)", "uniform samples in [0, 1), float64 (NumPy's legacy MT19937 stream)", example: "np.random.rand(2, 3)") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0)
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextUniform() } }
    },
    Builtin(["numpy.random.random"], "random(size=None)", "uniform samples in [0, 1), float64", example: "np.random.random((2, 2))") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0, "size")
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextUniform() } }
    },
    Builtin(["numpy.random.randn", "randn"], "randn(d0, d1, ...)", "standard normal samples, float64", example: "np.random.randn(4, 16).std()") { interpreter, a throws(ScriptError) in
      let shape = try a.shape(from: 0)
      return try a.result { try NDArray.sample(shape) { interpreter.state.generator.nextNormal() } }
    },
    Builtin(["numpy.random.uniform"], "uniform(low=0.0, high=1.0, size=None)", "uniform samples in [low, high)", example: "np.random.uniform(-1, 1, size=(2, 3))") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["low", "high", "size"], maximumPositional: 3)
      let low = try a.double(0, "low", default: 0), high = try a.double(1, "high", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return try a.result { try NDArray.sample(shape) { low + interpreter.state.generator.nextUniform() * (high - low) } }
    },
    Builtin(["numpy.random.normal"], "normal(loc=0.0, scale=1.0, size=None)", "normal samples", example: "np.random.normal(0, 0.1, size=(3,))") { interpreter, a throws(ScriptError) in
      try a.check(allowed: ["loc", "scale", "size"], maximumPositional: 3)
      let loc = try a.double(0, "loc", default: 0), scale = try a.double(1, "scale", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return try a.result { try NDArray.sample(shape) { loc + interpreter.state.generator.nextNormal() * scale } }
    },
    Builtin(["numpy.random.randint"], "randint(low, high=None, size=None, dtype=int)", "random integers in [low, high), int64 (NumPy's legacy stream)", example: "np.random.randint(0, 10, size=5)") { interpreter, a throws(ScriptError) in
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
    Builtin(["numpy.random.seed", "seed"], "seed(seed)", "restart the generator, as np.random.seed", example: "np.random.seed(0); np.random.rand(3)") { interpreter, a throws(ScriptError) in
      let seed = try a.int(0, "seed")
      guard seed >= 0 && seed <= Int(UInt32.max) else {
        throw ScriptError(.runtime, "seed must be between 0 and 2**32 - 1, got \(seed)", at: a.positional.first?.range ?? a.range)
      }
      interpreter.state.generator.reseed(UInt32(seed))
      return .none
    },
    // Paddle's and TensorFlow's samplers, from the same generator (their own streams differ).
    Builtin(["paddle.rand"], "rand(shape, dtype=None, name=None)", "uniform samples in [0, 1), float32 by default", example: "paddle.rand([2, 3])") { interpreter, a throws(ScriptError) in
      try interpreter.paddleSample(a) { interpreter.state.generator.nextUniform() }
    },
    Builtin(["paddle.randn"], "randn(shape, dtype=None, name=None)", "standard normal samples, float32 by default", example: "paddle.randn([2, 3])") { interpreter, a throws(ScriptError) in
      try interpreter.paddleSample(a) { interpreter.state.generator.nextNormal() }
    },
    Builtin(["paddle.uniform"], "uniform(shape, dtype='float32', min=-1.0, max=1.0, seed=0, name=None)", "uniform samples in [min, max)", example: "paddle.uniform((2, 4, 8, 8, 8), dtype='float32', min=-1., max=1.).shape") { interpreter, a throws(ScriptError) in
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let lower = try a.double(2, "min", default: -1), upper = try a.double(3, "max", default: 1)
      let draws = try a.wrap { try NDArray.sample(shape) { lower + (upper - lower) * interpreter.state.generator.nextUniform() } }
      return try a.result { try draws.astype(try a.dtype(1) ?? .float32) }
    },
    Builtin(["paddle.seed"], "seed(seed)", "restart the generator (NumPy's stream, not Paddle's)", example: "paddle.seed(102); paddle.rand([2])") { interpreter, a throws(ScriptError) in
      try Builtin.table["numpy.random.seed"]!.call(&interpreter, a)
    },
    Builtin(["tensorflow.random.uniform"], "uniform(shape, minval=0, maxval=None, dtype=tf.float32, seed=None, name=None)", "uniform samples in [minval, maxval) (maxval 1 by default)", example: "tf.random.uniform((1, 5, 5, 3))") { interpreter, a throws(ScriptError) in
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let lower = try a.double(1, "minval", default: 0), upper = try a.double(2, "maxval", default: 1)
      let draws = try a.wrap { try NDArray.sample(shape) { lower + (upper - lower) * interpreter.state.generator.nextUniform() } }
      return try a.result { try draws.astype(try a.dtype(3) ?? .float32) }
    },
    Builtin(["tensorflow.random.normal"], "normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None, name=None)", "normal samples", example: "tf.random.normal((4, 10, 10, 3)).shape") { interpreter, a throws(ScriptError) in
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let mean = try a.double(1, "mean", default: 0), deviation = try a.double(2, "stddev", default: 1)
      let draws = try a.wrap { try NDArray.sample(shape) { mean + deviation * interpreter.state.generator.nextNormal() } }
      return try a.result { try draws.astype(try a.dtype(3) ?? .float32) }
    },
  ]
}
