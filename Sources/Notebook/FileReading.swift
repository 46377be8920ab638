#if canImport(Glibc)
  import Glibc
#endif
import Tensors

/// Reads a whole file.
public func readFileBytes(_ path: String) throws(SystemError) -> [UInt8] {
  guard let file = fopen(path, "rb") else { throw SystemError(reason: String(cString: strerror(errno))) }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count == 0 { break }
    bytes += buffer[0..<count]
  }
  if ferror(file) != 0 { throw SystemError(reason: String(cString: strerror(errno))) }
  return bytes
}
