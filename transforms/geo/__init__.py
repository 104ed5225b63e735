"""Official district boundaries: download, reconcile (Eisenach -> Wartburgkreis), cache."""
