"""Training the commitments stage's classifier heads and decision (`pledgewatch train`)."""
