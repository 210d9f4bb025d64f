"""European Portuguese numbers group thousands with a space ("40 000", the CLDR's pt_PT), not the point of Brazil's
convention that Django ships; its other Portuguese formats serve as they are."""

THOUSAND_SEPARATOR = "\xa0"
