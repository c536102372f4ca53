package smpp

import (
	"fmt"
	"io"
	"net"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

// connector dials and binds as a transceiver for gosmpp.NewSession.
//
// It replaces gosmpp's own connector, which cannot read a refused bind:
// SMPP 3.4 §4.1.6 lets a message centre leave the body out of a
// bind_transceiver_resp whose command_status is not 0, and gosmpp v0.3.1
// then fails with EOF instead of the status, so a wrong password looked
// like a network error and was retried forever. Here the header alone
// decides, and the connection handed to gosmpp is watched (watchConn).
type connector struct {
	s  *Sender
	ss *session
}

func (c connector) GetBindType() pdu.BindingType { return pdu.Transceiver }

func (c connector) Connect() (*gosmpp.Connection, error) {
	cfg := c.s.cfg
	conn, err := net.DialTimeout("tcp", cfg.Addr, dialTimeout)
	if err != nil {
		return nil, err
	}
	if err := bindTRX(conn, cfg); err != nil {
		conn.Close()
		return nil, err
	}
	// From here gosmpp sets a deadline before each read and write.
	_ = conn.SetDeadline(time.Time{})
	return gosmpp.NewConnection(&watchConn{Conn: conn, ss: c.ss}), nil
}

// bindTRX sends bind_transceiver and reads PDUs until its answer. A
// refusal is a gosmpp.BindError with the centre's status.
func bindTRX(conn net.Conn, cfg Config) error {
	_ = conn.SetDeadline(time.Now().Add(dialTimeout))
	req := pdu.NewBindRequest(pdu.Transceiver)
	req.SystemID, req.Password, req.SystemType = cfg.SystemID, cfg.Password, cfg.SystemType
	buf := pdu.NewBuffer(make([]byte, 0, 64))
	req.Marshal(buf)
	if _, err := conn.Write(buf.Bytes()); err != nil {
		return err
	}
	for {
		var raw [16]byte
		if _, err := io.ReadFull(conn, raw[:]); err != nil {
			return fmt.Errorf("reading bind_transceiver_resp: %w", err)
		}
		h := pdu.ParseHeader(raw)
		if h.CommandLength < 16 || h.CommandLength > data.MAX_PDU_LEN {
			return fmt.Errorf("reading bind_transceiver_resp: command_length %d", h.CommandLength)
		}
		// The body (system_id, TLVs) is not needed.
		if _, err := io.CopyN(io.Discard, conn, int64(h.CommandLength-16)); err != nil {
			return fmt.Errorf("reading bind_transceiver_resp: %w", err)
		}
		switch h.CommandID {
		case data.BIND_TRANSCEIVER_RESP, data.GENERIC_NACK:
			if h.CommandID == data.GENERIC_NACK && h.CommandStatus == data.ESME_ROK {
				h.CommandStatus = data.ESME_RBINDFAIL // a nack is never success
			}
			if h.CommandStatus != data.ESME_ROK {
				return gosmpp.BindError{CommandStatus: h.CommandStatus}
			}
			return nil
		}
		// Anything else before the answer (an early enquire_link) is skipped.
	}
}
