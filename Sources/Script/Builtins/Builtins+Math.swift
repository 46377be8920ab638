import Arrays
import Kernels
import Tensors

// Math: NumPy's ufuncs, element-wise.
extension Builtin {
  /// Ufuncs convlab offers without `np.` too.
  static let globalUfuncs: Set<String> = ["exp", "log", "sqrt", "sin", "cos", "tanh", "floor", "ceil", "maximum", "minimum"]

  static func numpyNames(_ name: String) -> [String] { ["numpy.\(name)"] + (globalUfuncs.contains(name) ? [name] : []) }

  static let math: [Builtin] = ufuncs + pythonNumbers

  static let ufuncs: [Builtin] =
    UnaryUfunc.allCases.map { ufunc in
      Builtin(
        numpyNames(ufunc.rawValue), "\(ufunc.rawValue)(x)", "NumPy's \(ufunc.rawValue), element-wise",
        example: "np.\(ufunc.rawValue)(np.array(\(ufunc == .invert ? "[0, 5, -3]" : "[-1.5, 0.0, 0.5, 2.0]")))"
      ) { _, a throws(ScriptError) in
        let x = try a.operand(0, "x")
        return .array(try a.wrap { try ufunc(x) })
      }
    } + BinaryUfunc.allCases.map { ufunc in
      Builtin(
        numpyNames(ufunc.rawValue), "\(ufunc.rawValue)(x1, x2)", "NumPy's \(ufunc.rawValue), element-wise with broadcasting",
        example: "np.\(ufunc.rawValue)(np.array([[1, 2, 3]]), np.array([[3], [2]]))"
      ) { _, a throws(ScriptError) in
        let x = try a.operand(0, "x1"), y = try a.operand(1, "x2")
        return .array(try a.wrap { try ufunc(x, y) })
      }
    } + [
      ("abs", UnaryUfunc.absolute), ("fabs", .absolute), ("conjugate", .positive),
    ].map { name, ufunc in
      Builtin(["numpy.\(name)"], "\(name)(x)", "NumPy's \(ufunc.rawValue), element-wise", example: "np.\(name)(np.array([-1.5, 2.0]))") { _, a throws(ScriptError) in
        .array(try a.wrap { try ufunc(try a.operand(0, "x")) })
      }
    } + [
      ("divide", BinaryUfunc.divide), ("mod", .remainder), ("pow", .power),
    ].map { name, ufunc in
      Builtin(["numpy.\(name)"], "\(name)(x1, x2)", "NumPy's \(ufunc.rawValue), element-wise", example: "np.\(name)(np.array([7, 8]), np.array([2, 3]))") { _, a throws(ScriptError) in
        .array(try a.wrap { try ufunc(try a.operand(0, "x1"), try a.operand(1, "x2")) })
      }
    }


  /// Python's abs and round, which take arrays too.
  static let pythonNumbers: [Builtin] = [
    Builtin(["abs"], "abs(x, /)", "the absolute value of a number; of an array, np.abs", example: "abs(-3), abs(np.array([-1.5, 2.0]))") { _, a throws(ScriptError) in
      let found = try a.value(0, "x")
      switch found.value {
      case .int(let number):
        guard number != .min else { throw ScriptError(.runtime, "integer overflow in abs()", at: found.range) }
        return .int(Swift.abs(number))
      case .bool(let flag): return .int(flag ? 1 : 0)
      case .float(let number): return .float(Swift.abs(number))
      default: return .array(try a.wrap { try UnaryUfunc.absolute(try a.operand(0, "x")) })
      }
    },
    Builtin(["round"], "round(number, ndigits=None)", "Python's round: halves to even, an int without ndigits; of an array, np.round", example: "round(2.5), round(3.14159, 2)") { _, a throws(ScriptError) in
      let found = try a.value(0, "number")
      switch found.value {
      case .float(let number) where !a.has(1, "ndigits"):
        guard number.isFinite, Swift.abs(number) < 9e18 else {
          throw ScriptError(.runtime, "cannot round \(pythonFloat(number)) to an integer", at: found.range)
        }
        return .int(Int(number.rounded(.toNearestOrEven)))
      case .int where !a.has(1, "ndigits"), .bool where !a.has(1, "ndigits"): return .int(try a.int(0, "number"))
      default:
        let array = try a.array(0, "number")
        return try a.result { try array.rounded(decimals: try a.int(1, "ndigits", default: 0)) }
      }
    },
  ]
}