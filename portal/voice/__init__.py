"""The voice line: survivors who cannot read a text can still find help by phone (Twilio Voice, TwiML).

Twilio calls /voice/inbound/ when someone rings the portal's number, then /voice/step/<name>/ with each
key pressed. Every step is stored on the Call before it is answered, so a retried request changes
nothing twice and a caller whose line drops picks up where she was when she calls back.
"""
