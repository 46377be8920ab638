import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Kernel threads follow the CPUs the process may use")
struct ThreadCountTests {
  /// `convlab --version` run through `prefix` (e.g. taskset), its standard output.
  static func version(_ prefix: [String]) throws -> String {
    let command = prefix + [Tmux.binary, "--version"]
    let (status, output) = try runCapturingOutput(command[0], arguments: Array(command.dropFirst()))
    #expect(status == 0)
    return output
  }

  @Test func versionReportsTheAllowedCPUs() throws {
    let cpus = allowedCPUCount
    try #require(cpus > 0)
    #expect(try Self.version([]).contains("on \(cpus) thread\(cpus == 1 ? "" : "s"))"))
  }

  /// Pinned to one CPU (taskset, a cpuset), kernels must not spin two threads on it.
  @Test func pinnedToOneCPUUsesOneThread() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset"), "taskset (util-linux, essential on Debian)")
    #expect(try Self.version(["/usr/bin/taskset", "-c", "0"]).contains("on 1 thread)"))
  }

  /// CONVLAB_MAX_ISA caps the vector unit, as oneDNN's ONEDNN_MAX_CPU_ISA does.
  @Test func theUnitCanBeCapped() throws {
    #expect(try Self.version(["/usr/bin/env", "CONVLAB_MAX_ISA=portable"]).contains("kernels: portable on"))
  }
}
