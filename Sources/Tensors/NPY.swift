#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a `.npy` file could not be read or written. Every case names the file.
public struct NPYError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Problem: Error, Equatable, Sendable {
    case cannotOpen(reason: String)
    case notNPY
    case unsupportedVersion(major: UInt8, minor: UInt8)
    case truncatedHeader
    case malformedHeader(String)
    case unsupportedDType(String)
    case truncatedData(expectedBytes: Int, actualBytes: Int)
    case cannotWrite(reason: String)
    /// A sound file whose array convlab cannot hold: more than 8 axes, or past the memory limit.
    case tooLarge(String)
  }

  public var path: String
  public var problem: Problem

  public var description: String {
    let detail: String
    switch problem {
    case .cannotOpen(let reason): detail = "cannot open: \(reason)"
    case .notNPY: detail = "not a .npy file (it does not start with \\x93NUMPY)"
    case let .unsupportedVersion(major, minor):
      detail = "unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are read)"
    case .truncatedHeader: detail = "the file ends inside its header"
    case .malformedHeader(let reason): detail = "malformed header: \(reason)"
    case .unsupportedDType(let descr):
      detail = "unsupported dtype '\(descr)': convlab reads float16/32/64, int8–64, uint8–64 and bool"
    case let .truncatedData(expected, actual):
      detail = "the header promises \(expected) bytes of data but the file holds \(actual)"
    case .cannotWrite(let reason): detail = "cannot write: \(reason)"
    case .tooLarge(let reason): detail = reason
    }
    return "\(path): \(detail)"
  }
}

/// NumPy's `.npy` format (versions 1.0, 2.0, 3.0): a magic string, a version, a header that
/// is a Python dict literal (`descr`, `fortran_order`, `shape`), then the raw data.
public enum NPY {
  private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Reads a `.npy` file into a float32 tensor (other dtypes are converted as `astype`
  /// would: nearest float32; bool as 0/1).
  public static func read(path: String) throws(NPYError) -> Tensor {
    let bytes: [UInt8]
    do { bytes = try readFile(path) } catch { throw NPYError(path: path, problem: .cannotOpen(reason: error.reason)) }
    do { return try decode(bytes) } catch { throw NPYError(path: path, problem: error) }
  }

  /// Decodes the bytes of a `.npy` file.
  public static func decode(_ bytes: [UInt8]) throws(NPYError.Problem) -> Tensor {
    guard bytes.count >= 8, Array(bytes[0..<6]) == magic else {
      throw bytes.count < 8 && magic.starts(with: bytes) ? .truncatedHeader : .notNPY
    }
    let major = bytes[6], minor = bytes[7]
    let lengthBytes: Int
    switch (major, minor) {
    case (1, 0): lengthBytes = 2
    case (2, 0), (3, 0): lengthBytes = 4
    default: throw .unsupportedVersion(major: major, minor: minor)
    }
    guard bytes.count >= 8 + lengthBytes else { throw .truncatedHeader }
    var headerLength = 0
    for index in 0..<lengthBytes { headerLength |= Int(bytes[8 + index]) << (8 * index) }
    let dataStart = 8 + lengthBytes + headerLength
    guard bytes.count >= dataStart else { throw .truncatedHeader }
    let headerBytes = bytes[(8 + lengthBytes)..<dataStart]
    guard let header = String(validating: headerBytes, as: UTF8.self) else {
      throw .malformedHeader("the header is not valid text")
    }
    var parser = HeaderParser(header)
    let fields = try parser.parseDictionary()
    guard case .string(let descr)? = fields["descr"] else {
      throw .malformedHeader(fields["descr"] == nil ? "no 'descr' key" : "'descr' is not a simple dtype string")
    }
    guard case .bool(let fortranOrder)? = fields["fortran_order"] else {
      throw .malformedHeader("no boolean 'fortran_order' key")
    }
    guard case .tuple(let shape)? = fields["shape"] else {
      throw .malformedHeader("no 'shape' tuple")
    }
    let dtype = try DType(descr)
    let count: Int
    do { count = try Tensor.elementCount(of: shape) } catch {
      switch error {
      case .negativeDimension: throw .malformedHeader("shape \(formatShape(shape)): \(error)")
      default: throw .tooLarge("an array of shape \(formatShape(shape)) cannot be loaded: \(error)")
      }
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    guard !overflow, bytes.count - dataStart >= byteCount else {
      throw .truncatedData(expectedBytes: overflow ? Int.max : byteCount, actualBytes: bytes.count - dataStart)
    }
    let scalars = bytes.withUnsafeBufferPointer { buffer in
      dtype.decode(
        UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[dataStart..<(dataStart + byteCount)])),
        count: count)
    }
    if fortranOrder && shape.count > 1 {
      // Column-major data is the row-major data of the reversed shape, transposed.
      let reversed = Tensor(validShape: Array(shape.reversed()), scalars: scalars)
      return reversed.materialize(
        StridedView(shape: shape, strides: Array(reversed.strides.reversed())))
    }
    return Tensor(validShape: shape, scalars: scalars)
  }

  /// The bytes of a version 1.0 (2.0 for very long headers) little-endian float32 `.npy`
  /// file, laid out as `np.save` writes it: header padded with spaces to a multiple of 64.
  public static func encode(_ tensor: Tensor) -> [UInt8] {
    let shapeText = tensor.rank == 1 ? "(\(tensor.shape[0]),)"
      : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
    var lengthBytes = 2
    var version: UInt8 = 1
    if 8 + 2 + header.utf8.count + 1 > 65535 {
      lengthBytes = 4
      version = 2
    }
    let unpadded = 8 + lengthBytes + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var bytes = magic + [version, 0]
    let length = header.utf8.count
    for index in 0..<lengthBytes { bytes.append(UInt8((length >> (8 * index)) & 0xFF)) }
    bytes += Array(header.utf8)
    bytes.reserveCapacity(bytes.count + tensor.count * 4)
    for value in tensor.scalars {
      let bits = value.bitPattern.littleEndian
      withUnsafeBytes(of: bits) { bytes += $0 }
    }
    return bytes
  }

  /// Writes `tensor` as a float32 `.npy` file atomically: to a temporary file beside `path`,
  /// flushed to disk, then renamed over it, so an existing file is never half-written.
  public static func write(_ tensor: Tensor, path: String) throws(NPYError) {
    do { try AtomicFile.write(encode(tensor), to: path) } catch {
      throw NPYError(path: path, problem: .cannotWrite(reason: error.reason))
    }
  }

  private static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
    try readRegularFile(path, limit: MemoryLimit.bytes - min(MemoryLimit.inUse, MemoryLimit.bytes))
  }
}

/// A numeric dtype a `.npy` header may name: kind, size and byte order.
private struct DType {
  enum Kind { case float, signed, unsigned, bool }
  var kind: Kind
  var size: Int
  var bigEndian: Bool

  init(_ descr: String) throws(NPYError.Problem) {
    let characters = Array(descr)
    guard characters.count >= 3, let order = characters.first, "<>|=".contains(order),
      let size = Int(String(characters[2...]))
    else { throw .unsupportedDType(descr) }
    self.size = size
    // '=' is the writer's native order; every platform NumPy targets today is little-endian.
    self.bigEndian = order == ">"
    switch (characters[1], size) {
    case ("f", 2), ("f", 4), ("f", 8): kind = .float
    case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
    case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
    case ("b", 1): kind = .bool
    default: throw .unsupportedDType(descr)
    }
  }

  func decode(_ raw: UnsafeRawBufferPointer, count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { output, initialized in
      for index in 0..<count {
        var bits: UInt64 = 0
        let base = index * size
        for byte in 0..<size {
          let shift = bigEndian ? (size - 1 - byte) * 8 : byte * 8
          bits |= UInt64(raw[base + byte]) << shift
        }
        output[index] = convert(bits)
      }
      initialized = count
    }
  }

  private func convert(_ bits: UInt64) -> Float {
    switch (kind, size) {
    case (.float, 2): return Float(Float16(bitPattern: UInt16(truncatingIfNeeded: bits)))
    case (.float, 4): return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
    case (.float, _): return Float(Double(bitPattern: bits))
    case (.signed, 1): return Float(Int8(truncatingIfNeeded: bits))
    case (.signed, 2): return Float(Int16(truncatingIfNeeded: bits))
    case (.signed, 4): return Float(Int32(truncatingIfNeeded: bits))
    case (.signed, _): return Float(Int64(bitPattern: bits))
    case (.unsigned, _): return Float(bits)
    case (.bool, _): return bits != 0 ? 1 : 0
    }
  }
}

/// The few Python literals a `.npy` header uses: strings, booleans, ints and tuples of ints.
private struct HeaderParser {
  enum Value: Equatable { case string(String), bool(Bool), int(Int), tuple([Int]), other }

  private let characters: [Character]
  private var position = 0

  init(_ text: String) { characters = Array(text) }

  mutating func parseDictionary() throws(NPYError.Problem) -> [String: Value] {
    skipSpace()
    try expect("{")
    var result: [String: Value] = [:]
    while true {
      skipSpace()
      if peek == "}" { break }
      guard case .string(let key) = try parseValue() else {
        throw .malformedHeader("dictionary keys must be strings")
      }
      skipSpace()
      try expect(":")
      skipSpace()
      result[key] = try parseValue()
      skipSpace()
      if peek == "," {
        position += 1
        continue
      }
      if peek == "}" { break }
      throw .malformedHeader("expected ',' or '}' at character \(position)")
    }
    position += 1
    return result
  }

  private var peek: Character? { position < characters.count ? characters[position] : nil }

  private mutating func skipSpace() {
    while let character = peek, character.isWhitespace { position += 1 }
  }

  private mutating func expect(_ character: Character) throws(NPYError.Problem) {
    guard peek == character else {
      throw .malformedHeader("expected '\(character)' at character \(position)")
    }
    position += 1
  }

  private mutating func parseValue() throws(NPYError.Problem) -> Value {
    switch peek {
    case "'", "\"":
      let quote = characters[position]
      position += 1
      var text = ""
      while let character = peek, character != quote {
        text.append(character)
        position += 1
      }
      try expect(quote)
      return .string(text)
    case "(":
      position += 1
      var items: [Int] = []
      while true {
        skipSpace()
        if peek == ")" { break }
        guard case .int(let value) = try parseValue() else {
          throw .malformedHeader("shape entries must be integers")
        }
        items.append(value)
        skipSpace()
        if peek == "," { position += 1 } else if peek != ")" {
          throw .malformedHeader("expected ',' or ')' in shape at character \(position)")
        }
      }
      position += 1
      return .tuple(items)
    case "[":
      // A list descr is a structured dtype; skip it to report the dtype, not a parse error.
      var depth = 0
      repeat {
        if peek == "[" { depth += 1 } else if peek == "]" { depth -= 1 }
        position += 1
      } while depth > 0 && peek != nil
      return .other
    default:
      var word = ""
      while let character = peek, character.isLetter || character.isNumber || character == "-" || character == "L" {
        word.append(character)
        position += 1
      }
      if word == "True" { return .bool(true) }
      if word == "False" { return .bool(false) }
      if let value = Int(word.hasSuffix("L") ? String(word.dropLast()) : word) { return .int(value) }
      throw .malformedHeader(word.isEmpty ? "unexpected character at \(position)" : "unexpected '\(word)'")
    }
  }
}
