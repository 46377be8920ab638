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

/// Spawns `program` (searched on PATH) with an empty signal mask and SIGINT and SIGPIPE at
/// their defaults: test threads block signals, and a child would inherit the mask (SIGINT and
/// SIGTERM would never arrive). `newSession`: the child leads a session of its own, so the
/// first terminal it opens becomes its controlling terminal.
public func spawnWithCleanSignalMask(
  _ program: String, arguments: [String], environment: [String: String] = [:], newSession: Bool = false,
  actions: inout posix_spawn_file_actions_t
) throws -> pid_t {
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t(), defaults = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attributes, &empty)
  sigemptyset(&defaults)
  sigaddset(&defaults, SIGINT)
  sigaddset(&defaults, SIGPIPE)
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26), which Swift's Glibc module leaves out
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (newSession ? setsid : 0)))
  let (argv, envp) = spawnArguments(program, arguments, environment)
  defer { (argv + envp).forEach { free($0) } }
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

/// argv and envp for posix_spawn: this process's environment with `environment` over it. The
/// caller frees every string.
func spawnArguments(_ program: String, _ arguments: [String], _ environment: [String: String])
  -> (argv: [UnsafeMutablePointer<CChar>?], envp: [UnsafeMutablePointer<CChar>?])
{
  var variables = ProcessInfo.processInfo.environment
  for (key, value) in environment { variables[key] = value }
  return (([program] + arguments).map { strdup($0) } + [nil], variables.map { strdup("\($0.key)=\($0.value)") } + [nil])
}

/// What a bounded run gave: its wait status, its standard output and error, and its seconds.
public struct BoundedRun: Sendable {
  public var status: Int32
  public var output: String
  public var seconds: Double
  /// It was killed for running past its time.
  public var timedOut: Bool
  /// It ended by a signal (a crash, or the kill for running too long).
  public var signal: Int32? { status & 0x7F == 0 ? nil : status & 0x7F }
  public var exitCode: Int32 { (status >> 8) & 0xFF }
}

/// Runs `program` with at most `seconds` of time and `addressSpace` bytes of virtual memory
/// (through util-linux's prlimit, so a runaway allocation fails instead of swapping the machine),
/// killing it when the time is up.
public func runBounded(
  _ program: String, arguments: [String], seconds: Double, addressSpace: Int = 4 << 30, input: String = "/dev/null"
) throws -> BoundedRun {
  let directory = try makeTemporaryDirectory("convlab-bounded")
  defer { try? FileManager.default.removeItem(atPath: directory) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, directory + "/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  posix_spawn_file_actions_adddup2(&actions, 1, 2)
  let limited = FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
  let command = limited ? ["/usr/bin/prlimit", "--as=\(addressSpace)", "--", program] + arguments : [program] + arguments
  let start = Date()
  let pid = try spawnWithCleanSignalMask(command[0], arguments: Array(command.dropFirst()), actions: &actions)
  var status: Int32 = 0, timedOut = false
  while waitpid(pid, &status, WNOHANG) == 0 {
    if Date().timeIntervalSince(start) > seconds {
      kill(pid, SIGKILL)
      waitpid(pid, &status, 0)
      timedOut = true
      break
    }
    usleep(10_000)
  }
  let output = (try? String(contentsOfFile: directory + "/out.txt", encoding: .utf8)) ?? ""
  return BoundedRun(status: status, output: output, seconds: Date().timeIntervalSince(start), timedOut: timedOut)
}
