using System.Device.Gpio;

namespace RaftEsp.BoardAdapters
{
    /// <summary>The status LED's GPIO pin on the board (System.Device.Gpio), opened as an output once.</summary>
    public sealed class GpioLedPin : IPinWriter
    {
        private readonly GpioController controller;
        private readonly int pinNumber;

        /// <summary>Opens GPIO <paramref name="pinNumber"/> as an output (GPIO 2 is the on-board LED of most ESP32 DevKit boards).</summary>
        public GpioLedPin(GpioController controller, int pinNumber)
        {
            this.controller = controller;
            this.pinNumber = pinNumber;
            controller.OpenPin(pinNumber, PinMode.Output);
        }

        /// <summary>The pin number.</summary>
        public int PinNumber => pinNumber;

        /// <inheritdoc />
        public void Write(bool high)
        {
            controller.Write(pinNumber, high ? PinValue.High : PinValue.Low);
        }
    }
}
