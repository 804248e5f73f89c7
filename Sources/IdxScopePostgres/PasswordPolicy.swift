/// When idxscope asks for a password, as psql does: `-W` asks before connecting, `-w` never asks,
/// and by default it asks only when the server wants a password and none is known.
public struct PasswordPolicy {
    public enum When: Sendable { case never, whenNeeded, always }

    public var when: When
    /// Shows the prompt and reads a password without echo; nil when there is no terminal to ask on.
    public var ask: (_ prompt: String) -> String?

    public init(when: When, ask: @escaping (_ prompt: String) -> String?) {
        self.when = when
        self.ask = ask
    }

    /// Never asks (tests, scripts).
    public static let never = PasswordPolicy(when: .never, ask: { _ in nil })
}
