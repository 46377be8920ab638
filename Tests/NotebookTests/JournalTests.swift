import Foundation
import TestSupport
import Testing

@testable import Notebook

@Suite("The journal: no statement is lost")
struct JournalTests {
  @Test func successfulStatementsAreOnDiskAndReplayable() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 11)
    session.startJournal(in: directory)
    session.submit("x = rand(3)")
    session.submit("y = undefined_name")
    session.submit("z = x * 2")
    let path = try #require(session.journal?.path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "seed(11)  # convlab journal: replays this session\nx = rand(3)\nz = x * 2\n")
    // What a crash leaves behind is offered for recovery, and replays to the same values.
    let found = Journal.recoverable(in: directory)
    #expect(found.map(\.statements) == [2])
    let restored = Session()
    _ = restored.command(":load \(path)")
    if case .tensor(let original)? = session.state.variables["z"], case .tensor(let replayed)? = restored.state.variables["z"] {
      #expect(original == replayed)
    } else {
      Issue.record("z should replay")
    }
    #expect(Journal.recoverable(in: directory, except: path).isEmpty)
  }

  @Test func undoAndResetKeepTheJournalTrue() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 2)
    session.startJournal(in: directory)
    session.submit("a = 1")
    session.submit("b = 2")
    session.undo()
    let path = try #require(session.journal?.path)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\na = 1\n"))
    session.reset()
    session.submit("c = 3")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "seed(2)  # convlab journal: replays this session\nc = 3\n")
  }

  @Test func aNormalEndRemovesTheJournal() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 0)
    session.startJournal(in: directory)
    session.submit("a = 1")
    let path = try #require(session.journal?.path)
    session.finishJournal()
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(Journal.recoverable(in: directory).isEmpty)
  }
}
