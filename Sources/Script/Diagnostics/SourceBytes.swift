/// Source text read from bytes (a `.conv` file, a journal): UTF-8 is checked here, because
/// decoding would silently turn a bad byte into U+FFFD and the error would surface later, far
/// from its cause, or not at all.
public enum SourceBytes {
  /// The text of `bytes`. Bytes that are not UTF-8 become U+FFFD in `text`; `error` then names
  /// the first one, with a range into `text` (the bytes before it decode unchanged, so its byte
  /// offset is its offset in `text`).
  public static func decode(_ bytes: [UInt8]) -> (text: String, error: ScriptError?) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let offset = firstInvalidUTF8(bytes) else { return (text, nil) }
    let message = "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true)): save the file as UTF-8"
    return (text, ScriptError(.syntax, message, at: SourceRange(offset, offset + 3)))  // U+FFFD is 3 bytes
  }

  /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
  /// (overlong forms, surrogates and code points past U+10FFFF included), or nil.
  public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    while i < bytes.count {
      let lead = bytes[i]
      if lead < 0x80 {
        i += 1
        continue
      }
      let length: Int, lowest: UInt32
      switch lead {
      case 0xC2...0xDF: length = 2; lowest = 0x80
      case 0xE0...0xEF: length = 3; lowest = 0x800
      case 0xF0...0xF4: length = 4; lowest = 0x10000
      default: return i
      }
      guard i + length <= bytes.count else { return i }
      var scalar = UInt32(lead) & (0xFF >> (length + 1))
      for k in 1..<length {
        let next = bytes[i + k]
        guard next & 0xC0 == 0x80 else { return i }
        scalar = scalar << 6 | UInt32(next & 0x3F)
      }
      if scalar < lowest || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
      i += length
    }
    return nil
  }
}

extension String {
  /// The text of a byte range (clamped to the string).
  public func slice(_ range: SourceRange) -> String {
    let bytes = Array(utf8)
    let start = min(max(0, range.start), bytes.count), end = min(max(start, range.end), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
