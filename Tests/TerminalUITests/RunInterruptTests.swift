import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("convlab run and SIGINT")
struct RunInterruptTests {
  /// Statements that run for minutes on any machine, after a first that prints when it is done.
  static let longStatements: [(setup: String, statement: String)] = [
    ("x = rand(8, 64, 64, 64)", "timeit(Conv2D(256, 5, padding='same')(x), repeat=10000)"),
    // float64 and int64 products loop in Swift, not in the GEMM kernels.
    ("x = rand(3000, 3000)", "y = x @ x @ x @ x"),
    ("x = np.arange(9000000).reshape(3000, 3000)", "y = x @ x @ x @ x"),
  ]

  @Test(arguments: longStatements.indices)
  func sigintStopsTheStatementAndExits130(_ index: Int) throws {
    let (setup, statement) = Self.longStatements[index]
    let directory = try makeTemporaryDirectory("convlab-run")
    let script = directory + "/long.conv"
    // SIGINT goes as soon as the first statement has printed, so the long one cannot finish
    // first however fast the machine is.
    try "\(setup)\n\(statement)\nprint('not reached')\n".write(toFile: script, atomically: true, encoding: .utf8)
    let output = directory + "/out.txt"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let pid = try spawnWithCleanSignalMask(Tmux.binary, arguments: ["run", script], actions: &actions)
    // Wait until the first statement has printed, then interrupt the long one.
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, !((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("x: tensor") {
      Thread.sleep(forTimeInterval: 0.02)
    }
    // Then two seconds more, so that the signal meets the statement inside its loops: sent at
    // once it came during the operands' copy, and a check before the loops caught it. (Sooner
    // only makes the test easier to pass, never flaky.)
    Thread.sleep(forTimeInterval: 2)
    kill(pid, SIGINT)
    // Never leave a runaway child behind: if SIGINT did not stop it, kill it and fail.
    var status: Int32 = 0
    let stopBy = Date().addingTimeInterval(20)
    while waitpid(pid, &status, WNOHANG) == 0 {
      if Date() > stopBy {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        Issue.record("convlab run ignored SIGINT")
        break
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect((status >> 8) & 0xFF == 130, "exit status \(status): \(text)")
    #expect(text.contains("long.conv:2:1: interrupted (Ctrl-C) in: \(statement.prefix(8))"), "\(text)")
    #expect(!text.contains("not reached"))
  }
}

@Suite("Saving survives a crash")
struct CrashDuringSaveTests {
  /// The process dies (SIGKILL, injected) after the new contents are written and synced but
  /// before the rename: the file keeps its old contents, whole.
  @Test func aSaveKilledBeforeTheRenameLeavesTheOldFileIntact() throws {
    let directory = try makeTemporaryDirectory("convlab-crash")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let target = directory + "/weights.npy", script = directory + "/save.conv"
    try "seed(1)\nsave(ones((2, 3)), '\(target)')\n".write(toFile: script, atomically: true, encoding: .utf8)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    // First a normal save, the "old" file.
    var status: Int32 = 0
    waitpid(try spawnWithCleanSignalMask(Tmux.binary, arguments: ["run", script], actions: &actions), &status, 0)
    let old = try Data(contentsOf: URL(fileURLWithPath: target))
    #expect(old.count > 0 && status == 0)
    // Then one that dies between write and rename, saving different contents.
    try "save(zeros((4, 5)), '\(target)')\n".write(toFile: script, atomically: true, encoding: .utf8)
    let pid = try spawnWithCleanSignalMask(
      "/usr/bin/env", arguments: ["CONVLAB_FAULT=kill-before-rename", Tmux.binary, "run", script], actions: &actions)
    waitpid(pid, &status, 0)
    #expect(status & 0x7F == SIGKILL, "the injected crash happened (status \(status))")
    #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == old)
  }
}
