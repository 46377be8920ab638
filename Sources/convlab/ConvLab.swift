import ArgumentParser
import Kernels
import Layers
import Notebook
import TerminalUI
import Tensors

#if canImport(Glibc)
  import Glibc
#endif

@main
struct ConvLab: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "convlab",
    abstract: "A terminal notebook for exploring convolution layers.",
    discussion: """
      Type statements in a small Python-flavoured language, such as
        x = rand(4, 10, 8, 12, 128)
        y = Conv3DTranspose(32, 2, strides: 2)(x)
      and see shapes, values and the arithmetic behind every output size.
      """,
    version: "convlab \(version) (\(Curses.libraryVersion), kernels: \(InstructionSet.best.rawValue) on \(count(Parallel.workerCount, "thread")))",
    subcommands: [Open.self, Run.self, Peak.self],
    defaultSubcommand: Open.self
  )
}

/// `convlab [FILE]`: the notebook on a terminal, the plain REPL for pipes and `--plain`.
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook",
    abstract: "Start a session (the default): replay FILE if given, then read statements.")

  @Flag(help: "Read statements line by line from standard input, without the full-screen notebook.")
  var plain = false

  @Option(help: "Seed the random generator (as np.random.seed) before the first statement.")
  var seed: UInt32?

  @Flag(help: "List sessions that ended without saving (crash, kill, closed terminal) and exit.")
  var recover = false

  @OptionGroup var memory: MemoryOption

  @Argument(help: "A saved session (.conv) to replay before reading more statements.")
  var file: String?

  func run() throws {
    Allocator.keepFreedMemory()
    let state = StateDirectory.path(environment: environment())
    let journals = state + "/journal"
    if recover {
      let found = Journal.recoverable(in: journals)
      if found.isEmpty { print("no unsaved sessions to recover") }
      for entry in found {
        let of = entry.header?.file.map { " of \($0)" } ?? ""
        print("\(entry.path)  \(entry.statements) statement\(entry.statements == 1 ? "" : "s")\(of)  (open it with: convlab \(entry.path))")
      }
      return
    }
    if let bytes = memory.bytes { MemoryLimit.set(bytes) }
    // A file opens with seed 0, as `convlab run` replays it, so both draw the same numbers.
    let session = makeSession(seed: seed ?? (file == nil ? nil : 0))
    let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
    if interactive { session.startJournal(in: journals) }
    defer { session.endJournal() }
    if interactive && !plain {
      if let problem = Curses.terminalProblem {
        print("convlab: \(problem); the plain REPL instead (convlab --plain)")
      } else {
        let earlier = file == nil ? Journal.recoverable(in: journals).first : nil
        let controller = NotebookController(
          session: session, historyPath: state + "/history", file: file, restore: earlier)
        let status = NotebookApp(controller: controller).run()
        if status != 0 { throw ExitCode(status) }
        return
      }
    }
    // Ctrl-C stops the running statement; at a prompt the line reader sees it as a key.
    signal(SIGINT) { _ in Interruption.request() }
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    let write: (String) -> Void = { text in
      print(text, terminator: "")
      fflush(nil)  // nil flushes every stream; avoids the non-Sendable stdout global
    }
    if let file {
      let outcome = session.openAndReplay(file)
      if !outcome.text.isEmpty { write(outcome.text + "\n") }
      if outcome.failed && !interactive { throw ExitCode(1) }
    }
    let editing = interactive && LineReader.isAvailable
    let reader = LineReader(historyPath: state + "/history") { text, cursor in
      Completion.complete(text, cursor: cursor, state: session.state)
    }
    if interactive {
      print("convlab \(ConvLab.version) · help() for a tour, :help for commands, :quit or Ctrl-D to leave")
    }
    var repl = PlainREPL(
      session: session, prompts: interactive,
      read: { prompt in
        if editing { return reader.read(prompt: prompt) }
        if interactive { write(prompt) }
        return readLine(strippingNewline: true).map { .line($0) } ?? .end
      },
      write: write)
    if editing { repl.didRead = { reader.remember($0) } }
    let status = repl.run()
    reader.restoreTerminal()
    if status != 0 { throw ExitCode(status) }
  }
}

/// `convlab peak`: the machine's float32 peak, for the README's "% of peak" figures.
struct Peak: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure this machine's float32 peak with an FMA loop on every core (release build).")

  func run() throws {
    let gigaflops = PeakFlops.measure(seconds: 2)
    print("peak: \(Int(gigaflops.rounded())) GFLOP/s float32 on \(count(Parallel.workerCount, "core")) (\(InstructionSet.best.rawValue) FMA loop)")
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay session scripts without the notebook and print what the session prints.",
    discussion: "Exits 1 at the first error, showing file:line:column and a caret.")

  @Flag(help: "Compare each statement's output with the #: lines that follow it; report every difference.")
  var check = false

  @Flag(help: "Rewrite each statement's #: lines with the output it gives now (comments stay).")
  var update = false

  @Option(help: "Seed the random generator before the first statement.")
  var seed: UInt32?

  @OptionGroup var memory: MemoryOption

  @Flag(help: "Let save() replace .npy files that changed on disk since the script read or wrote them.")
  var force = false

  @Argument(help: "The .conv files to run, in order, in one session (with --check or --update, each in a fresh one, as it was recorded).")
  var files: [String]

  func run() throws {
    Allocator.keepFreedMemory()
    if let bytes = memory.bytes { MemoryLimit.set(bytes) }
    let session = makeSession(seed: seed ?? 0)
    session.allowOverwrite(force)
    // Ctrl-C stops the running statement (kernels check the flag); the runner then reports
    // where it stopped and exits 130, as a shell expects after SIGINT.
    signal(SIGINT) { _ in Interruption.request() }
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)  // a parent may have started us with it blocked
    let write: (String) -> Void = { text in
      print(text, terminator: "")
      fflush(nil)
    }
    guard check || update, files.count > 1 else {
      let status = ScriptRunner.run(files: files, check: check, update: update, session: session, write: write)
      if status != 0 { throw ExitCode(status) }
      return
    }
    // A file's #: lines were recorded in a session of its own (layer names, the generator):
    // check each the same way, and report every file before failing.
    var worst: Int32 = 0
    for file in files {
      let fresh = makeSession(seed: seed ?? 0)
      fresh.allowOverwrite(force)
      let status = ScriptRunner.run(files: [file], check: check, update: update, session: fresh, write: write)
      if status == 130 { throw ExitCode(130) }
      worst = max(worst, status)
    }
    if worst != 0 { throw ExitCode(worst) }
  }
}

/// A session with Keras's default data format from keras.json.
func makeSession(seed: UInt32?) -> Session {
  Session(seed: seed, dataFormat: DataFormat.kerasDefault(environment: environment()))
}

func environment() -> [String: String] {
  var result: [String: String] = [:]
  var pointer = environ
  while let entry = pointer.pointee {
    let text = String(cString: entry)
    if let equals = text.firstIndex(of: "=") {
      result[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    pointer += 1
  }
  return result
}

/// `--max-memory 8G`: read whatever follows, so `-1` is answered as a size, not taken for an option.
struct MemoryOption: ParsableArguments {
  @Option(
    name: .customLong("max-memory"), parsing: .unconditional,
    help: ArgumentHelp("Tensor memory limit, e.g. 8G or 512M (default: half of physical memory).", valueName: "size"))
  var text: String?

  var bytes: Int? { text.flatMap(MemoryLimit.parse).flatMap { $0 > 0 ? $0 : nil } }

  func validate() throws {
    guard let text, bytes == nil else { return }
    throw ValidationError("--max-memory takes a positive size such as 8G, 512M or 100000 (bytes); '\(text)' is not one")
  }
}

/// `1 core`, `2 cores`.
private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
