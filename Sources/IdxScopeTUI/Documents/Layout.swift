/// Screen geometry shared by the reducer (scrolling, paging) and the views (drawing), so both
/// agree on how many rows a list has and how wide the plan pane is.
enum Layout {
    static let minWidth = 40
    static let minHeight = 8

    static func isTooSmall(width: Int, height: Int) -> Bool { width < minWidth || height < minHeight }

    /// Rows between the header (row 0) and the status line + key bar (last two rows).
    static func contentRows(height: Int) -> Int { max(0, height - 3) }

    /// Index list: content minus the column titles.
    static func listRows(height: Int) -> Int { max(1, contentRows(height: height) - 1) }

    /// Query screen: editor text rows (grows with the text, up to a third of the screen).
    static func editorRows(height: Int, lineCount: Int) -> Int {
        min(max(3, lineCount), max(3, contentRows(height: height) / 3))
    }

    /// Query screen: rows for the plan lines (its heading included) under the SQL title, the
    /// editor and the rule. QueryView draws exactly this many; the reducer pages by it.
    static func planRows(height: Int, lineCount: Int) -> Int {
        max(0, contentRows(height: height) - editorRows(height: height, lineCount: lineCount) - 2)
    }

    /// Query screen: columns the plan lines get (column 0 is a margin).
    static func planRoom(width: Int) -> Int { width - 1 }
}
