class BaseSMSBackend:
    """Subclasses implement send(OutgoingSMS) -> SendResult, raising a SendError subclass on failure."""

    def send(self, sms):
        raise NotImplementedError
