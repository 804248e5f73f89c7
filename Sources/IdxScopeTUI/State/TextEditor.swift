/// A small multi-line text buffer with a cursor; pure value, edited by the reducer.
struct TextEditor: Equatable, Sendable {
    private(set) var lines: [[Character]]
    /// Cursor row and column (column in grapheme clusters — what the user sees as one
    /// character — 0...line length).
    private(set) var row: Int
    private(set) var column: Int

    init(text: String = "") {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        row = lines.count - 1
        column = lines[row].count
    }

    var text: String { lines.map { String($0) }.joined(separator: "\n") }
    var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    var isOnFirstLine: Bool { row == 0 }
    var isOnLastLine: Bool { row == lines.count - 1 }

    /// Inserts at the cursor. The terminal delivers one code point at a time, so a code point
    /// that Swift's String would join to its neighbour (ZWJ, the second half of a flag, a
    /// combining accent) is merged into that neighbour's cluster instead of becoming a
    /// character of its own; arrows and Backspace then move over what the user sees.
    mutating func insert(_ character: Character) {
        if character == "\n" { return newline() }
        // In place (no copy of the line): a long pasted line arrives one code point at a time.
        if column > 0, let merged = TextEditor.joined(lines[row][column - 1], character) {
            lines[row][column - 1] = merged
        } else {
            lines[row].insert(character, at: column)
            column += 1
        }
        // A joiner typed just before a character also joins that one (👩 ‸💻 + ZWJ → 👩‍💻).
        if column < lines[row].count, let merged = TextEditor.joined(lines[row][column - 1], lines[row][column]) {
            lines[row][column - 1] = merged
            lines[row].remove(at: column)
        }
    }

    /// `first` and `second` as one Character when Unicode's grapheme rules join them.
    static func joined(_ first: Character, _ second: Character) -> Character? {
        let text = String(first) + String(second)
        return text.count == 1 ? text.first : nil
    }

    static let indentWidth = 4

    /// Tab in the editor: spaces up to the next multiple of `indentWidth` (a literal tab would
    /// break the column arithmetic, and Tab must never leave the editor mid-statement).
    mutating func indent() {
        let spaces = TextEditor.indentWidth - column % TextEditor.indentWidth
        for _ in 0..<spaces { insert(" ") }
    }

    /// Pasted text: CR, LF and CRLF are line breaks, tabs indent, other control characters
    /// are dropped (they would move the terminal's cursor when drawn).
    mutating func insert(pasted text: String) {
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCR: continue
            case "\r", "\n": newline()
            case "\t": indent()
            default:
                guard scalar.value >= 32, scalar.value != 127 else { continue }
                insert(Character(scalar))
            }
        }
    }

    mutating func newline() {
        let rest = Array(lines[row][column...])
        lines[row].removeSubrange(column...)
        lines.insert(rest, at: row + 1)
        row += 1
        column = 0
    }

    mutating func backspace() {
        if column > 0 {
            lines[row].remove(at: column - 1)
            column -= 1
        } else if row > 0 {
            let line = lines.remove(at: row)
            row -= 1
            column = lines[row].count
            lines[row].append(contentsOf: line)
        }
    }

    mutating func deleteForward() {
        if column < lines[row].count {
            lines[row].remove(at: column)
        } else if row < lines.count - 1 {
            let next = lines.remove(at: row + 1)
            lines[row].append(contentsOf: next)
        }
    }

    mutating func moveLeft() {
        if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
    }

    mutating func moveRight() {
        if column < lines[row].count { column += 1 } else if row < lines.count - 1 { row += 1; column = 0 }
    }

    mutating func moveUp() {
        guard row > 0 else { return }
        row -= 1
        column = min(column, lines[row].count)
    }

    mutating func moveDown() {
        guard row < lines.count - 1 else { return }
        row += 1
        column = min(column, lines[row].count)
    }

    /// Ctrl-K: the rest of the line goes; at the end of a line, the line break (as readline and emacs).
    mutating func killToEnd() {
        if column < lines[row].count { lines[row].removeSubrange(column...) } else { deleteForward() }
    }

    /// Ctrl-W (unix-word-rubout): the blanks before the cursor, then the non-blanks before them;
    /// at the start of a line it joins the line to the previous one.
    mutating func deleteWordBefore() {
        guard column > 0 else { return backspace() }
        var start = column
        while start > 0, lines[row][start - 1].isWhitespace { start -= 1 }
        while start > 0, !lines[row][start - 1].isWhitespace { start -= 1 }
        lines[row].removeSubrange(start..<column)
        column = start
    }

    /// Alt-B: to the start of this or the previous word (letters, digits, `_`), across lines.
    mutating func moveWordLeft() {
        if column == 0 { return moveLeft() }
        while column > 0, !TextEditor.isWordCharacter(lines[row][column - 1]) { column -= 1 }
        while column > 0, TextEditor.isWordCharacter(lines[row][column - 1]) { column -= 1 }
    }

    /// Alt-F: to the end of this or the next word, across lines.
    mutating func moveWordRight() {
        if column == lines[row].count { return moveRight() }
        while column < lines[row].count, !TextEditor.isWordCharacter(lines[row][column]) { column += 1 }
        while column < lines[row].count, TextEditor.isWordCharacter(lines[row][column]) { column += 1 }
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }

    mutating func moveHome() { column = 0 }
    mutating func moveEnd() { column = lines[row].count }
}
