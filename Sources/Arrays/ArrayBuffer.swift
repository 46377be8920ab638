import Tensors

/// The elements behind an array, as a Swift array of the dtype's element type. Views share
/// one buffer (copy on write keeps them values); a float32 buffer is shared with `Tensor`
/// without copying.
public enum ArrayBuffer: Sendable {
  case bool([Bool])
  case int8([Int8]), int16([Int16]), int32([Int32]), int64([Int64])
  case uint8([UInt8]), uint16([UInt16]), uint32([UInt32]), uint64([UInt64])
  case float16([Float16]), float32([Float]), float64([Double])

  public var dtype: DType {
    switch self {
    case .bool: return .bool
    case .int8: return .int8
    case .int16: return .int16
    case .int32: return .int32
    case .int64: return .int64
    case .uint8: return .uint8
    case .uint16: return .uint16
    case .uint32: return .uint32
    case .uint64: return .uint64
    case .float16: return .float16
    case .float32: return .float32
    case .float64: return .float64
    }
  }

  /// Runs `visitor` on the buffer's elements, typed.
  @inlinable
  public func visit<V: ElementsVisitor>(_ visitor: V) -> V.Output {
    switch self {
    case .bool(let elements): return visitor.visit(elements)
    case .int8(let elements): return visitor.visit(elements)
    case .int16(let elements): return visitor.visit(elements)
    case .int32(let elements): return visitor.visit(elements)
    case .int64(let elements): return visitor.visit(elements)
    case .uint8(let elements): return visitor.visit(elements)
    case .uint16(let elements): return visitor.visit(elements)
    case .uint32(let elements): return visitor.visit(elements)
    case .uint64(let elements): return visitor.visit(elements)
    case .float16(let elements): return visitor.visit(elements)
    case .float32(let elements): return visitor.visit(elements)
    case .float64(let elements): return visitor.visit(elements)
    }
  }

  /// Runs `visitor` on the elements in place. The payload is taken out of the enum first, so a
  /// buffer no other value shares is written without being copied.
  mutating func mutate<V: MutatingElementsVisitor>(_ visitor: V) {
    switch self {
    case .bool(var elements): self = .bool([]); visitor.visit(&elements); self = .bool(elements)
    case .int8(var elements): self = .bool([]); visitor.visit(&elements); self = .int8(elements)
    case .int16(var elements): self = .bool([]); visitor.visit(&elements); self = .int16(elements)
    case .int32(var elements): self = .bool([]); visitor.visit(&elements); self = .int32(elements)
    case .int64(var elements): self = .bool([]); visitor.visit(&elements); self = .int64(elements)
    case .uint8(var elements): self = .bool([]); visitor.visit(&elements); self = .uint8(elements)
    case .uint16(var elements): self = .bool([]); visitor.visit(&elements); self = .uint16(elements)
    case .uint32(var elements): self = .bool([]); visitor.visit(&elements); self = .uint32(elements)
    case .uint64(var elements): self = .bool([]); visitor.visit(&elements); self = .uint64(elements)
    case .float16(var elements): self = .bool([]); visitor.visit(&elements); self = .float16(elements)
    case .float32(var elements): self = .bool([]); visitor.visit(&elements); self = .float32(elements)
    case .float64(var elements): self = .bool([]); visitor.visit(&elements); self = .float64(elements)
    }
  }

  var count: Int {
    struct Count: ElementsVisitor {
      func visit<T: ArrayElement>(_ elements: [T]) -> Int { elements.count }
    }
    return visit(Count())
  }
}

/// Generic code over a buffer whose element type is known only at run time.
public protocol ElementsVisitor {
  associatedtype Output
  func visit<T: ArrayElement>(_ elements: [T]) -> Output
}

/// Generic code that changes a buffer's elements in place.
public protocol MutatingElementsVisitor {
  func visit<T: ArrayElement>(_ elements: inout [T])
}

/// Generic code over a dtype: `DType.visit` calls `visit(T.self)` with its element type.
public protocol DTypeVisitor {
  associatedtype Output
  func visit<T: ArrayElement>(_ type: T.Type) -> Output
}

/// Generic code that treats bools, integers and floats differently.
public protocol KindVisitor {
  associatedtype Output
  func bool() -> Output
  func integer<T: IntegerElement>(_ type: T.Type) -> Output
  func float<T: FloatElement>(_ type: T.Type) -> Output
}

extension DType {
  @inlinable
  public func visit<V: DTypeVisitor>(_ visitor: V) -> V.Output {
    switch self {
    case .bool: return visitor.visit(Bool.self)
    case .int8: return visitor.visit(Int8.self)
    case .int16: return visitor.visit(Int16.self)
    case .int32: return visitor.visit(Int32.self)
    case .int64: return visitor.visit(Int64.self)
    case .uint8: return visitor.visit(UInt8.self)
    case .uint16: return visitor.visit(UInt16.self)
    case .uint32: return visitor.visit(UInt32.self)
    case .uint64: return visitor.visit(UInt64.self)
    case .float16: return visitor.visit(Float16.self)
    case .float32: return visitor.visit(Float.self)
    case .float64: return visitor.visit(Double.self)
    }
  }

  @inlinable
  public func visit<V: KindVisitor>(_ visitor: V) -> V.Output {
    switch self {
    case .bool: return visitor.bool()
    case .int8: return visitor.integer(Int8.self)
    case .int16: return visitor.integer(Int16.self)
    case .int32: return visitor.integer(Int32.self)
    case .int64: return visitor.integer(Int64.self)
    case .uint8: return visitor.integer(UInt8.self)
    case .uint16: return visitor.integer(UInt16.self)
    case .uint32: return visitor.integer(UInt32.self)
    case .uint64: return visitor.integer(UInt64.self)
    case .float16: return visitor.float(Float16.self)
    case .float32: return visitor.float(Float.self)
    case .float64: return visitor.float(Double.self)
    }
  }
}
