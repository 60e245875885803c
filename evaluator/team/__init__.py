"""One MLOps generalist or a team: the guide's criteria as questions, weighed into a recommendation."""
