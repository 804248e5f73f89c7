import Foundation

enum Console {
    /// One line on stderr, prefixed as the contract requires.
    static func error(_ message: String) {
        StandardStreams.writeError(("idxscope: " + message.escapingControlCharacters() + "\n").utf8)
    }

    static func note(_ message: String) {
        StandardStreams.writeError(("idxscope: note: " + message.escapingControlCharacters() + "\n").utf8)
    }

    /// SQL given as "-" on the command line.
    static func readStandardInput() throws -> String {
        String(decoding: try StandardStreams.readAll(0, what: "standard input"), as: UTF8.self)
    }

    /// Reports for people: control characters in names are shown, never sent to the terminal.
    static func write(_ text: String) {
        StandardStreams.writeOutput(text.escapingControlCharacters(keepNewlines: true).utf8)
    }

    /// Width for text tables: COLUMNS, else the terminal's; unlimited into a pipe or a file, as
    /// psql does, so no name is cut where a script or grep reads it.
    static var width: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(columns), value >= 40 { return value }
        var size = winsize()
        if isatty(1) != 0 {
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
            return 80
        }
        return 100_000
    }
}
