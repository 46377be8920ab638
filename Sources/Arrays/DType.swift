/// The element types of an array, as NumPy names them.
///
/// `bool` and the integers behave as NumPy's (fixed width, wrapping); the floats are IEEE
/// binary16, binary32 and binary64. Layers compute in `float32`, as Keras does by default.
public enum DType: String, Sendable, CaseIterable, Hashable {
  case bool
  case int8, int16, int32, int64
  case uint8, uint16, uint32, uint64
  case float16, float32, float64

  /// Bytes per element.
  public var itemSize: Int {
    switch self {
    case .bool, .int8, .uint8: return 1
    case .int16, .uint16, .float16: return 2
    case .int32, .uint32, .float32: return 4
    case .int64, .uint64, .float64: return 8
    }
  }

  /// NumPy's kind letter: `b` bool, `i` signed, `u` unsigned, `f` float.
  public var kind: Character {
    switch self {
    case .bool: return "b"
    case .int8, .int16, .int32, .int64: return "i"
    case .uint8, .uint16, .uint32, .uint64: return "u"
    case .float16, .float32, .float64: return "f"
    }
  }

  /// NumPy's `can_cast(from, to, 'same_kind')`: to the same kind or a later one in bool,
  /// unsigned, signed, float (what in-place operators such as `a += 1.5` allow).
  public static func canCastSameKind(from: DType, to: DType) -> Bool {
    let order: [Character: Int] = ["b": 0, "u": 1, "i": 2, "f": 3]
    return order[from.kind]! <= order[to.kind]!
  }

  public var isFloat: Bool { kind == "f" }
  public var isInteger: Bool { kind == "i" || kind == "u" }
  public var isSignedInteger: Bool { kind == "i" }
  public var isUnsignedInteger: Bool { kind == "u" }

  /// The `.npy` header's `descr` on a little-endian machine (`<f4`, `|b1`).
  public var npyDescriptor: String {
    (itemSize == 1 ? "|" : "<") + String(kind) + String(itemSize)
  }

  /// Decimal digits a float type prints reliably (NumPy's `finfo(t).precision`): 3, 6, 15.
  public var decimalPrecision: Int {
    switch self {
    case .float16: return 3
    case .float32: return 6
    default: return 15
    }
  }

  /// The range of an integer type, as `Int`s where they fit (uint64's top is `UInt64.max`).
  var integerBounds: (min: Int, max: UInt64)? {
    switch self {
    case .bool: return nil
    case .int8: return (Int(Int8.min), UInt64(Int8.max))
    case .int16: return (Int(Int16.min), UInt64(Int16.max))
    case .int32: return (Int(Int32.min), UInt64(Int32.max))
    case .int64: return (Int(Int64.min), UInt64(Int64.max))
    case .uint8: return (0, UInt64(UInt8.max))
    case .uint16: return (0, UInt64(UInt16.max))
    case .uint32: return (0, UInt64(UInt32.max))
    case .uint64: return (0, UInt64.max)
    default: return nil
    }
  }

  /// A dtype by any name NumPy accepts for it: `'float32'`, `'f4'`, `'f'`, `'single'`,
  /// `'int'` (int64), `'float'` (float64), `'bool'`, `'?'`, `'uint8'`, `'B'`.
  public init?(name: String) {
    let aliases: [String: DType] = [
      "bool": .bool, "bool_": .bool, "?": .bool, "b1": .bool, "|b1": .bool,
      "int8": .int8, "i1": .int8, "b": .int8, "byte": .int8, "|i1": .int8,
      "int16": .int16, "i2": .int16, "h": .int16, "short": .int16, "<i2": .int16,
      "int32": .int32, "i4": .int32, "i": .int32, "intc": .int32, "<i4": .int32,
      "int64": .int64, "i8": .int64, "l": .int64, "q": .int64, "int": .int64, "long": .int64, "longlong": .int64,
      "intp": .int64, "int_": .int64, "<i8": .int64,
      "uint8": .uint8, "u1": .uint8, "B": .uint8, "ubyte": .uint8, "|u1": .uint8,
      "uint16": .uint16, "u2": .uint16, "H": .uint16, "ushort": .uint16, "<u2": .uint16,
      "uint32": .uint32, "u4": .uint32, "I": .uint32, "uintc": .uint32, "<u4": .uint32,
      "uint64": .uint64, "u8": .uint64, "L": .uint64, "Q": .uint64, "uint": .uint64, "ulong": .uint64,
      "uintp": .uint64, "<u8": .uint64,
      "float16": .float16, "f2": .float16, "e": .float16, "half": .float16, "<f2": .float16,
      "float32": .float32, "f4": .float32, "f": .float32, "single": .float32, "<f4": .float32,
      "float64": .float64, "f8": .float64, "d": .float64, "double": .float64, "float": .float64,
      "float_": .float64, "<f8": .float64,
    ]
    guard let dtype = aliases[name] else { return nil }
    self = dtype
  }

  /// The smallest float type that holds every value of this integer type exactly (NumPy's
  /// "safe" cast): int8/uint8 → float16, int16/uint16 → float32, wider → float64. Floats are
  /// themselves; bool → float16.
  public var smallestSafeFloat: DType {
    switch self {
    case .bool, .int8, .uint8: return .float16
    case .int16, .uint16: return .float32
    case .int32, .uint32, .int64, .uint64: return .float64
    default: return self
    }
  }

  /// NumPy's `result_type` of two dtypes (its promotion table, NEP 50).
  public static func promote(_ a: DType, _ b: DType) -> DType {
    if a == b { return a }
    if a == .bool { return b }
    if b == .bool { return a }
    switch (a.isFloat, b.isFloat) {
    case (true, true): return a.itemSize >= b.itemSize ? a : b
    case (true, false): return promote(a, b.smallestSafeFloat)
    case (false, true): return promote(a.smallestSafeFloat, b)
    case (false, false):
      if a.kind == b.kind { return a.itemSize >= b.itemSize ? a : b }
      let (signed, unsigned) = a.isSignedInteger ? (a, b) : (b, a)
      // A signed type that holds the unsigned one's range too; none holds uint64's.
      if signed.itemSize > unsigned.itemSize { return signed }
      switch unsigned.itemSize {
      case 1: return .int16
      case 2: return .int32
      case 4: return .int64
      default: return .float64
      }
    }
  }
}
