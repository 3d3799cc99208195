"""Trained model files shipped with the package (see README.md here for their data and licences)."""
