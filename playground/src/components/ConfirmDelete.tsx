import { Button, Modal, ModalBackdrop, ModalClose, ModalContent, ModalFooter, ModalFooterControllers, ModalHeader, ModalTitle } from '@rocket.chat/fuselage'
import { createPortal } from 'react-dom'

/** The web client's delete confirmation: a Fuselage modal (readable, focus on the safe choice). */
export function ConfirmDelete({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  return createPortal(
    <ModalBackdrop onClick={(e) => e.target === e.currentTarget && onCancel()}>
      <Modal data-testid="confirm-delete" aria-labelledby="confirm-delete-title">
        <ModalHeader>
          <ModalTitle id="confirm-delete-title">Delete message?</ModalTitle>
          <ModalClose onClick={onCancel} />
        </ModalHeader>
        <ModalContent>You will not be able to recover this message.</ModalContent>
        <ModalFooter>
          <ModalFooterControllers>
            <Button secondary autoFocus onClick={onCancel}>
              Cancel
            </Button>
            <Button danger data-testid="confirm-delete-yes" onClick={onConfirm}>
              Yes, delete
            </Button>
          </ModalFooterControllers>
        </ModalFooter>
      </Modal>
    </ModalBackdrop>,
    document.body,
  )
}
