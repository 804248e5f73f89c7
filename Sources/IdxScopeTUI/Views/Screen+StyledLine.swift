extension Screen {
    /// Draws spans from x on row y, clipped to `maxWidth`; returns the next column.
    @discardableResult
    mutating func put(_ line: StyledLine, x: Int, y: Int, maxWidth: Int) -> Int {
        var column = x
        for span in line {
            let room = x + maxWidth - column
            guard room > 0 else { break }
            column = put(span.text, x: column, y: y, role: span.role, maxWidth: room)
        }
        return column
    }

    /// The same, but a line wider than `maxWidth` ends in a dim "…" so cut text never looks
    /// complete (documents: detail, help, findings, the plan).
    @discardableResult
    mutating func putMarkingCut(_ line: StyledLine, x: Int, y: Int, maxWidth: Int) -> Int {
        guard StyledText.width(line) > maxWidth, maxWidth > 1 else { return put(line, x: x, y: y, maxWidth: maxWidth) }
        put(line, x: x, y: y, maxWidth: maxWidth - 1)
        return put("…", x: x + maxWidth - 1, y: y, role: .dim)
    }
}
