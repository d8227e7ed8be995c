"""The errors calldiary reports to users: each carries one clear line of text."""


class CallDiaryError(Exception):
    """Base of every error that is the user's to read (never a traceback)."""


class RuleError(CallDiaryError):
    """A change that the rules of a call's life do not allow."""


class WhenError(CallDiaryError):
    """A date or time the "when" parser could not understand."""


class DiaryFileError(CallDiaryError):
    """The diary file cannot be used: not a calldiary diary, unreadable, unwritable."""


class NotFound(CallDiaryError):
    """No call (or more than one) matches the id given."""


class TooEarly(RuleError):
    """Kept or no-show asked for a call that has not started yet. `call` is that call (a
    model.Call), so a screen can name it by who and when instead of its id."""

    def __init__(self, message: str, call: object) -> None:
        super().__init__(message)
        self.call = call


class StepRefused(RuleError):
    """An undo or redo refused because a document it would change was changed elsewhere since.
    The refused step is dropped from its stack (it can never apply again). `doc` is that
    document as the step knew it (a call's document; None for a contact), `key` its key."""

    def __init__(self, message: str, *, verb: str, what: str, table: str, key: str, doc: object) -> None:
        super().__init__(message)
        self.verb, self.what, self.table, self.key, self.doc = verb, what, table, key, doc


class ChangedElsewhere(RuleError):
    """An outcome asked for a call as it was shown, but the call was changed elsewhere since (another
    window, the command line, a sync): refused, so what was recorded there is not overwritten
    unseen. `call` is the call as it is now (a model.Call)."""

    def __init__(self, message: str, call: object) -> None:
        super().__init__(message)
        self.call = call
