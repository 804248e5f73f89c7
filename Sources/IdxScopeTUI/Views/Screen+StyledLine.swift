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
}
