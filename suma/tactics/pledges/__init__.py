"""Conditional pledges and strikes: nobody is bound until enough people are."""
