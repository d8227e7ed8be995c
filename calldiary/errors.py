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
