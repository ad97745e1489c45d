"""Once-only form submissions: a second click, two tabs or a resend act once."""
