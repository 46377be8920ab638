import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `convlab --plain` on a real (pseudo-)terminal, as Python's REPL behaves on one.
@Suite("The plain REPL on a terminal")
struct PlainTerminalTests {
  static func start(state: String? = nil, arguments: [String] = []) throws -> (PseudoTerminal, String) {
    let state = try state ?? makeTemporaryDirectory("convlab-plain")
    let terminal = try PseudoTerminal(Tmux.binary, arguments: ["--plain"] + arguments, environment: ["XDG_STATE_HOME": state])
    terminal.waitFor(">>> ")
    return (terminal, state)
  }

  @Test func ctrlCAtThePromptIsKeyboardInterrupt() throws {
    let (terminal, _) = try Self.start()
    var mark = terminal.mark
    terminal.send("a = 1\r")
    terminal.waitFor("a = 1\r\n", after: mark)
    terminal.waitFor(">>> ", after: mark)
    mark = terminal.mark
    terminal.send("half a statement")
    terminal.send("\u{3}")
    terminal.waitFor("KeyboardInterrupt", after: mark)
    terminal.waitFor(">>> ", after: mark)
    terminal.send("a + 1\r")
    terminal.waitFor("2\r\n", after: mark)
    terminal.send(":quit!\r")
    let status = terminal.wait()
    #expect(status & 0x7F == 0 && (status >> 8) & 0xFF == 0, "still running after Ctrl-C, then left normally: \(status)")
  }

  /// The statement runs for minutes on any machine; Ctrl-C goes as soon as it has started.
  @Test func ctrlCDuringAStatementStopsItAndTheSessionStays() throws {
    let (terminal, _) = try Self.start()
    terminal.send("big = rand(8, 64, 64, 64)\r")
    terminal.waitFor("big: tensor")
    let mark = terminal.mark
    terminal.send("print('started'); timeit(Conv2D(256, 5, padding='same')(big), repeat=10000)\r")
    terminal.waitFor("started\r\n", after: mark)
    terminal.send("\u{3}")
    terminal.waitFor("KeyboardInterrupt: the session is as it was before `timeit(", after: mark)
    terminal.send("big.shape\r")
    terminal.waitFor("(8, 64, 64, 64)", after: mark)
    terminal.send(":quit!\r")
    terminal.wait()
  }

  /// ↑ recalls the last statement, the line can be edited, Ctrl-R finds an older one.
  @Test func theLineEditorAndTheHistoryWork() throws {
    let (terminal, state) = try Self.start()
    // Each key waits for the prompt: while a statement runs, the terminal is the kernel's
    // (Ctrl-C is SIGINT then), and it would read Ctrl-R itself.
    func prompt(_ input: String) {
      let mark = terminal.mark
      terminal.send(input)
      terminal.waitFor(">>> ", after: mark)
    }
    prompt("alpha = 41\r")
    var mark = terminal.mark
    terminal.send("\u{1B}[A")  // ↑
    terminal.send(" + 1\r")
    terminal.waitFor("alpha = 42", after: mark)
    terminal.waitFor(">>> ", after: mark)
    prompt("beta = 0\r")
    mark = terminal.mark
    terminal.send("\u{12}alpha = 41 ")  // Ctrl-R, then enough of it to match only the first
    terminal.waitFor("(reverse-i-search)'alpha = 41 ': alpha = 41 + 1", after: mark)
    terminal.send("\r")  // takes the match into the line
    terminal.send("\u{1}\u{1B}[C\u{1B}[C\u{1B}[C\u{1B}[C\u{1B}[C")  // Home, then 5 × →
    terminal.send("\u{B}= 7\r")  // Ctrl-K kills the rest of the line
    terminal.waitFor("alpha = 7", after: mark)
    terminal.waitFor(">>> ", after: mark)
    terminal.send(":quit!\r")
    terminal.wait()
    // The history is kept across runs, as the notebook's is (the last entry is :quit!).
    let (again, _) = try Self.start(state: state)
    again.send("\u{1B}[A\u{1B}[A\r")
    again.waitFor("alpha = 7\r\n", after: 0)
    again.send(":quit!\r")
    again.wait()
  }

  /// Ctrl-D with unsaved statements asks once; the second leaves, and the journal keeps them.
  @Test func ctrlDAsksOnceAndTheJournalKeepsTheWork() throws {
    let (terminal, state) = try Self.start()
    let mark = terminal.mark
    terminal.send("kept = 6 * 7\r")
    terminal.waitFor("kept = 42", after: mark)
    terminal.waitFor(">>> ", after: mark)  // Ctrl-D is the line reader's only at a prompt
    terminal.send("\u{4}")
    terminal.waitFor("1 statement not saved")
    terminal.send("\u{4}")
    terminal.wait()
    let (status, listed) = try runCapturingOutput(Tmux.binary, arguments: ["--recover"], environment: ["XDG_STATE_HOME": state])
    #expect(status == 0 && listed.contains("1 statement"), "\(listed)")
  }
}
