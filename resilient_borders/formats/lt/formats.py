"""Lithuanian numbers group thousands with a space ("40 000", as the CLDR and the EU's style guide write them), not
Django's point; its other Lithuanian formats serve as they are."""

THOUSAND_SEPARATOR = "\xa0"
