"""The conversation engine: plays a call and judges it, drawing nothing."""
