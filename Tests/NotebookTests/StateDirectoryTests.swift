import Testing

@testable import Notebook

@Suite("State directory (XDG)")
struct StateDirectoryTests {
  @Test func prefersXDGStateHome() {
    #expect(StateDirectory.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/convlab")
  }

  @Test func fallsBackToHomeWhenUnsetOrRelative() {
    #expect(StateDirectory.path(environment: ["HOME": "/home/ada"]) == "/home/ada/.local/state/convlab")
    #expect(StateDirectory.path(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/convlab")
  }
}
