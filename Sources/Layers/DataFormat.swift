#if canImport(Glibc)
  import Glibc
#endif

/// Where the channels axis is: last (`(batch, *spatial, channels)`, Keras's default) or first
/// (`(batch, channels, *spatial)`, Paddle's NCDHW).
public enum DataFormat: String, Sendable, CaseIterable {
  case channelsLast = "channels_last"
  case channelsFirst = "channels_first"

  /// Keras's default: `image_data_format` from `~/.keras/keras.json` when it sets one
  /// (`$KERAS_HOME/keras.json` when that is set), else `channels_last`.
  public static func kerasDefault(environment: [String: String]) -> DataFormat {
    let directory = environment["KERAS_HOME"] ?? ((environment["HOME"] ?? "") + "/.keras")
    guard let text = readSmallFile(directory + "/keras.json") else { return .channelsLast }
    // {"image_data_format": "channels_first", ...}: the quoted token two after the key.
    let tokens = text.split(separator: "\"", omittingEmptySubsequences: false)
    guard let key = tokens.firstIndex(of: "image_data_format"), key + 2 < tokens.count,
      tokens[key + 1].allSatisfy({ $0 == ":" || $0.isWhitespace }),
      let format = DataFormat(rawValue: String(tokens[key + 2]))
    else { return .channelsLast }
    return format
  }

  private static func readSmallFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 1 << 16 {
      let read = fread(&buffer, 1, buffer.count, file)
      if read == 0 { break }
      bytes += buffer[0..<read]
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Names of the spatial axes in the field's words, by rank.
public func spatialAxisNames(rank: Int) -> [String] {
  switch rank {
  case 1: return ["steps"]
  case 2: return ["rows", "cols"]
  default: return ["depth", "rows", "cols"]
  }
}
