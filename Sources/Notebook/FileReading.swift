import Tensors

/// Reads a whole regular file convlab keeps or is given as text (a session, a journal, the
/// history): up to `ScriptDocument.maximumFileBytes`.
public func readFileBytes(_ path: String) throws(SystemError) -> [UInt8] {
  try readRegularFile(path, limit: ScriptDocument.maximumFileBytes)
}
