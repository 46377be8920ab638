import Foundation
import TestSupport
import Layers
import Tensors

/// The layer fixtures written by `Tests/Fixtures/make_layer_fixtures.py` (Keras 3 on jax, Paddle).
enum LayerFixtures {
  static func load<T: Decodable>(_ file: String, as type: T.Type) throws -> [T] {
    try Fixtures.json(Manifest<T>.self, "layers", file).cases
  }
}

struct Manifest<Case: Decodable>: Decodable { var cases: [Case] }

/// Any JSON value, for constructor arguments.
indirect enum JSONValue: Decodable, Sendable {
  case int(Int), double(Double), string(String), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() { self = .null }
    else if let value = try? container.decode(Bool.self) { self = .bool(value) }
    else if let value = try? container.decode(Int.self) { self = .int(value) }
    else if let value = try? container.decode(Double.self) { self = .double(value) }
    else if let value = try? container.decode(String.self) { self = .string(value) }
    else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
    else { self = .object(try container.decode([String: JSONValue].self)) }
  }

  var argument: ArgumentValue {
    switch self {
    case .int(let value): return .int(value)
    case .double(let value): return .float(value)
    case .string(let value): return .string(value)
    case .bool(let value): return .bool(value)
    case .null: return .null
    case .array(let items): return .sequence(items.map(\.argument))
    case .object(let fields):
      // {"type": "Constant", "value": 0.25} → Constant(value=0.25)
      guard case .string(let type)? = fields["type"] else { return .null }
      let keyword = fields.filter { $0.key != "type" }.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.argument) }
      return .object(type: type, arguments: ArgumentList([], keyword: keyword))
    }
  }
}

/// A float32 array stored as base64 little-endian bytes.
struct EncodedArray: Decodable, Sendable {
  var shape: [Int]
  var data: String

  var tensor: Tensor {
    get throws {
      let bytes = [UInt8](Data(base64Encoded: data)!)
      let scalars = stride(from: 0, to: bytes.count, by: 4).map { offset in
        Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
          | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
      }
      return try Tensor(shape: shape, scalars: scalars)
    }
  }
}

struct LayerCase: Decodable, Sendable, CustomStringConvertible {
  var name: String
  var layer: String?
  var args: [JSONValue]
  var kwargs: [String: JSONValue]
  var input: EncodedArray?
  var weights: [EncodedArray]?
  var output: EncodedArray?
  var error: String?
  var input_shape: [Int?]?
  var output_shape: [Int?]?
  var params: Int?
  var output_size: [Int]?

  var description: String { name }

  var arguments: ArgumentList {
    ArgumentList(args.map(\.argument), keyword: kwargs.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.argument) })
  }

  var layerName: String { layer ?? "paddle.nn.Conv3DTranspose" }
}

/// Framework outputs are float32 sums in another order: |actual − expected| ≤ 1e-4·|expected| + 1e-5.
let frameworkTolerance = Tolerance.allclose(relative: 1e-4, absolute: 1e-5)
