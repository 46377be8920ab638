import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The repository's root folder (this file is at Tests/TestSupport/).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

public struct SpawnError: Error, CustomStringConvertible {
  public var program: String
  public var code: Int32
  public var description: String { "cannot start \(program): error \(code)" }
  public init(program: String, code: Int32) {
    self.program = program
    self.code = code
  }
}

/// A new empty directory under the system's temporary folder, named `prefix-UUID`: sessions
/// that write relative paths resolve them here, so tests never litter the repository.
public func makeTemporaryDirectory(_ prefix: String) throws -> String {
  let directory = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  return directory
}

/// Spawns `program` (searched on PATH) with an empty signal mask: test threads block signals,
/// and a child would inherit the mask (SIGINT and SIGTERM would never arrive).
public func spawnWithCleanSignalMask(
  _ program: String, arguments: [String], environment: [String: String] = [:], actions: inout posix_spawn_file_actions_t
) throws -> pid_t {
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attributes, &empty)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
  var variables = ProcessInfo.processInfo.environment
  for (key, value) in environment { variables[key] = value }
  let argv = ([program] + arguments).map { strdup($0) } + [nil]
  let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    argv.forEach { free($0) }
    envp.forEach { free($0) }
  }
  var pid: pid_t = 0
  let code = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
  guard code == 0 else { throw SpawnError(program: program, code: code) }
  return pid
}

/// Runs `program` to its end with standard output going to a file; its wait status and output.
public func runCapturingOutput(
  _ program: String, arguments: [String], environment: [String: String] = [:]
) throws -> (status: Int32, output: String) {
  let directory = try makeTemporaryDirectory("convlab-output")
  defer { try? FileManager.default.removeItem(atPath: directory) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, directory + "/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  var status: Int32 = 0
  waitpid(try spawnWithCleanSignalMask(program, arguments: arguments, environment: environment, actions: &actions), &status, 0)
  return (status, try String(contentsOfFile: directory + "/out.txt", encoding: .utf8))
}
